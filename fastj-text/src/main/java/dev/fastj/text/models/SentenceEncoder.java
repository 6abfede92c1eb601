package dev.fastj.text.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.Emitter;
import dev.fastj.nn.LSTM;
import dev.fastj.nn.Module;
import dev.fastj.nn.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code SentenceEncoder(bptt, module, pad_idx, max_len)}: runs an {@link AwdLstm} (of no
 * carried state) over a padded batch of texts {@code [N, T]} in chunks of {@code seqLen} tokens,
 * each chunk starting from the state the previous one ended in, and returns the hidden states of
 * the last {@code maxLen} tokens with their padding mask.
 *
 * <p>Two differences from fastai, both written down in docs/text.md: the tokens before the last
 * {@code maxLen} are not read (fastai reads them without gradients, for the state alone; the
 * classifier learner's loaders keep the last {@code maxLen} tokens of each text, padded to a
 * multiple of {@code seqLen}), and the gradient flows through the state from chunk to chunk over
 * those tokens (fastai detaches it between chunks).
 * A row whose chunk is padding only keeps a zero state, as fastai's, which leaves such rows out of
 * the chunk's batch.
 *
 * @param module the encoder, with {@code batchSize} 0
 * @param seqLen fastai's {@code bptt}: the chunk length (72)
 * @param maxLen the tokens the output keeps (fastai's {@code max_len}, 72 * 20)
 * @param padIdx the padding token's index (1)
 */
public record SentenceEncoder(AwdLstm module, int seqLen, int maxLen, int padIdx) implements Module {

  /** fastai's {@code max_len}: 72 * 20 tokens. */
  public static final int DEFAULT_MAX_LEN = 72 * 20;

  /** The hidden states {@code [N, T', emb]} of the last {@code T' <= maxLen} tokens and where they are padding ({@code [N, T']}, 1 for a pad). */
  public record Output(Var output, Var padMask) {}

  /** Checks every value. */
  public SentenceEncoder {
    checkArgument(module != null, "SentenceEncoder needs an AWD-LSTM");
    checkArgument(module.batchSize() == 0, "SentenceEncoder resets the state for each batch; give it an AwdLstm of "
        + "batchSize 0, got %s", module.batchSize());
    checkArgument(seqLen > 0 && maxLen > 0, "SentenceEncoder needs positive seqLen and maxLen, got %s and %s", seqLen,
        maxLen);
  }

  /** fastai's defaults: chunks of 72, the last 72 * 20 tokens, pad index 1. */
  public static SentenceEncoder of(AwdLstm module) {
    return new SentenceEncoder(module, 72, DEFAULT_MAX_LEN, 1);
  }

  @Override
  public Var forward(Emitter e, Var tokens) {
    return encode(e, tokens).output();
  }

  /** Emits the encoder on int64 tokens {@code [N, T]} (T static). */
  public Output encode(Emitter e, Var tokens) {
    checkArgument(tokens.rank() == 2 && tokens.dim(1) > 0, "SentenceEncoder takes int64 tokens [N, T] of a static "
        + "length T, got %s", tokens.name());
    long t = tokens.dim(1);
    long from = Math.max(0, t - maxLen);
    Var kept = from == 0 ? tokens : slice(e, tokens, from, t);
    Var pad = e.op("Cast", List.of(e.op("Equal", kept, e.constantLongs(new long[] {padIdx}))), Map.of("to", 1L));
    List<LSTM.State> state = null;
    List<Var> outs = new ArrayList<>();
    long len = t - from;
    for (long i = 0; i < len; i += seqLen) {
      long end = Math.min(len, i + seqLen);
      Var chunk = len <= seqLen ? kept : slice(e, kept, i, end);
      List<LSTM.State> start = state;
      AwdLstm.Chunk c = e.scoped("module", () -> module.encodeChunk(e, chunk, start));
      outs.add(c.output());
      // 1 for rows with a token in this chunk: the others keep a zero state, as if they had not started
      Var real = e.op("ReduceMin", List.of(len <= seqLen ? pad : slice(e, pad, i, end), e.constantLongs(new long[] {1}, 1)),
          Map.of("keepdims", 1L));
      Var keep = e.op("Sub", e.constant(new float[] {1}), real);
      state = new ArrayList<>();
      for (LSTM.State s : c.states()) {
        state.add(new LSTM.State(e.op("Mul", s.h(), keep), e.op("Mul", s.c(), keep)));
      }
    }
    Var out = outs.size() == 1 ? outs.get(0) : e.op("Concat", outs, Map.of("axis", 1L));
    return new Output(out, pad);
  }

  private static Var slice(Emitter e, Var x, long start, long end) {
    return e.op("Slice", List.of(x, e.constantLongs(new long[] {start}, 1), e.constantLongs(new long[] {end}, 1),
        e.constantLongs(new long[] {1}, 1)), Map.of());
  }

  @Override
  public String describe() {
    return "SentenceEncoder(" + module.describe() + ", bptt=" + seqLen + ", max_len=" + maxLen + ")";
  }
}
