package dev.fastj.text.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.Emitter;
import dev.fastj.nn.Init;
import dev.fastj.nn.Module;
import dev.fastj.nn.ParamRole;
import dev.fastj.nn.Var;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code LinearDecoder(n_out, n_hid, output_p, tie_encoder, bias)}: output dropout
 * ({@link RNNDropout}) then a linear layer from the encoder's last hidden size to the vocabulary,
 * giving logits {@code [N, T, vocab]}. The weight {@code [vocab, n_hid]} starts in U(-0.1, 0.1),
 * the bias at 0; with tied weights the decoder uses the embedding's weight instead of its own,
 * and the shared weight's gradient is the sum of both uses.
 *
 * @param nOut the vocabulary size
 * @param nHid the features of the encoder's output (AWD-LSTM's emb_sz)
 * @param outputP the output dropout
 * @param bias whether the decoder adds a bias
 */
public record LinearDecoder(int nOut, int nHid, double outputP, boolean bias) implements Module {

  /** The logits and the dropped input they came from (AR regularises the latter). */
  public record Decoded(Var logits, Var dropped) {}

  /** Creates the layer, checking every value. */
  public LinearDecoder {
    checkArgument(nOut > 0, "LinearDecoder nOut must be positive, got %s", nOut);
    checkArgument(nHid > 0, "LinearDecoder nHid must be positive, got %s", nHid);
    checkArgument(outputP >= 0 && outputP < 1, "LinearDecoder outputP must be in [0, 1), got %s", outputP);
  }

  /** Decodes {@code x} [N, T, nHid]; {@code tiedWeight} is the embedding's weight, or null for an own one. */
  public Decoded decode(Emitter e, Var x, Var tiedWeight) {
    Var w = tiedWeight;
    if (w == null) {
      w = e.param("weight", new long[] {nOut, nHid}, new Init.Uniform(EmbeddingDropout.INIT_RANGE), ParamRole.WEIGHT);
    } else {
      checkArgument(Arrays.equals(tiedWeight.shape(), new long[] {nOut, nHid}),
          "the tied weight %s has shape %s, the decoder needs [%s, %s]; tie an embedding of the vocabulary's size "
              + "and the last layer's size", tiedWeight.name(), Arrays.toString(tiedWeight.shape()), nOut, nHid);
    }
    Var dropped = new RNNDropout(outputP).forward(e, x);
    Var logits = e.op("MatMul", dropped, e.op("Transpose", List.of(w), Map.of("perm", new long[] {1, 0})));
    if (bias) {
      logits = e.op("Add", logits, e.param("bias", new long[] {nOut}, new Init.Constant(0), ParamRole.BIAS));
    }
    return new Decoded(logits, dropped);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    return decode(e, x, null).logits();
  }

  @Override
  public String describe() {
    return "LinearDecoder(" + nHid + " -> " + nOut + ", output_p=" + outputP + ")";
  }
}
