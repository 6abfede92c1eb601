package dev.fastj.text.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.learner.Learner;
import dev.fastj.spi.Device;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A tiny AWD-LSTM language model, with fastai's dropouts (drop_mult 0.3), AR/TAR and tied weights,
 * trained through the Learner (fit_one_cycle, Adam) on a stream that repeats one random sequence
 * of 29 tokens over a vocabulary of 16: the next token is fixed by the few before it, so a model
 * that learns reaches a low cross-entropy, while guessing from token frequencies stays near
 * ln 16 = 2.77.
 *
 * <p>Training and evaluation both carry the hidden state from batch to batch (fastai's encoder
 * keeps {@code self.hidden} in eval too), so each validation window continues the one before:
 * measured 0.046 against a last-epoch training loss of 0.025 (when evaluation started each batch
 * from the state training ended in, the validation loss stayed at 0.35).
 */
class LanguageModelLearningTest {

  private static final int VOCAB = 16;
  private static final int BS = 8;
  private static final int SEQ = 12;

  private static long[] stream(long[] motif, int length, int offset) {
    long[] s = new long[length];
    for (int i = 0; i < length; i++) {
      s[i] = motif[(i + offset) % motif.length];
    }
    return s;
  }

  @Test
  void tinyLm_learnsARepeatedSequence() {
    Random r = new Random(42);
    long[] motif = new long[29];
    for (int i = 0; i < motif.length; i++) {
      motif[i] = r.nextInt(VOCAB);
    }
    // 8 rows of 361 tokens: 30 batches of 12 steps per epoch
    TokenStreamData dls = new TokenStreamData(stream(motif, BS * 361, 0), stream(motif, BS * 61, 5), VOCAB, BS, SEQ);
    AwdLstmLm lm = AwdLstm.languageModel(VOCAB, AwdLstm.config().withSizes(32, 64, 2).withDropMult(0.3), BS);
    try (Learner learn = Learner.builder(dls, lm).device(Device.cpu(2)).seed(1).progress(null).build()) {
      double before = learn.validate()[0];
      learn.fitOneCycle(20, 3e-2);
      double after = learn.validate()[0];
      java.util.List<Double> losses = learn.recorder().losses();
      double lastEpoch = losses.subList(losses.size() - 30, losses.size()).stream().mapToDouble(Double::doubleValue)
          .average().orElseThrow();
      System.out.printf("[lm] validation cross-entropy %.3f before, %.3f after 600 steps; training loss of the last "
          + "epoch %.3f%n", before, after, lastEpoch);
      assertThat(before).isGreaterThan(2.5);
      assertThat(lastEpoch).isLessThan(0.1);
      assertThat(after).isLessThan(0.15);
    }
  }
}
