package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * fastai's {@code Numericalize} settings: a token needs {@code minFreq} occurrences (3) in the
 * training texts to get its own index, and the vocabulary holds at most {@code maxVocab} (60,000)
 * entries before its {@code xxfake} padding. {@code Numericalize.defaults().withMinFreq(2)}.
 *
 * @param minFreq least count of a token in the vocabulary
 * @param maxVocab most tokens in the vocabulary, the special ones included
 */
public record Numericalize(int minFreq, int maxVocab) {

  /** fastai's defaults. */
  public static final int DEFAULT_MIN_FREQ = 3;
  /** fastai's defaults. */
  public static final int DEFAULT_MAX_VOCAB = 60_000;

  /** Checks the values. */
  public Numericalize {
    checkArgument(minFreq >= 1, "minFreq must be at least 1, got %s", minFreq);
    checkArgument(maxVocab >= SpecialTokens.ALL.size(), "maxVocab must hold the %s special tokens, got %s",
        SpecialTokens.ALL.size(), maxVocab);
  }

  /** fastai's defaults: min_freq 3, max_vocab 60,000. */
  public static Numericalize defaults() {
    return new Numericalize(DEFAULT_MIN_FREQ, DEFAULT_MAX_VOCAB);
  }

  /** A copy with {@code minFreq} changed. */
  public Numericalize withMinFreq(int n) {
    return new Numericalize(n, maxVocab);
  }

  /** A copy with {@code maxVocab} changed. */
  public Numericalize withMaxVocab(int n) {
    return new Numericalize(minFreq, n);
  }

  /** fastai's {@code Numericalize.setups}: the vocabulary of these token counts. */
  public Vocab vocab(Map<String, Long> counts) {
    return Vocab.make(counts, minFreq, maxVocab);
  }
}
