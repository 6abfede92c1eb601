package dev.fastj.text.models;

import dev.fastj.data.TensorData;
import dev.fastj.nn.Emitter;
import dev.fastj.nn.Loss;
import dev.fastj.nn.Var;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code CrossEntropyLossFlat()} as the language model uses it: logits {@code [N, T, vocab]}
 * and int64 targets {@code [N, T]} (the next tokens) are flattened to {@code [N*T, vocab]} and
 * {@code [N*T]}, and the loss is the mean of ONNX's SoftmaxCrossEntropyLoss, one node with no
 * one-hot matrix of the vocabulary's size.
 */
public final class LmCrossEntropy implements Loss {

  /** The loss. */
  public static LmCrossEntropy create() {
    return new LmCrossEntropy();
  }

  private LmCrossEntropy() {}

  @Override
  public Var forward(Emitter e, Var output, Var target) {
    long vocab = output.rank() == 3 ? output.dim(2) : -1;
    if (vocab <= 0) {
      throw new IllegalArgumentException("LmCrossEntropy takes logits [N, T, vocab] with a static vocab, got "
          + output.name() + " of shape " + java.util.Arrays.toString(output.shape()));
    }
    Var flat = e.op("Reshape", output, e.constantLongs(new long[] {-1, vocab}, 2));
    Var labels = e.op("Reshape", target, e.constantLongs(new long[] {-1}, 1));
    return e.op("SoftmaxCrossEntropyLoss", List.of(flat, labels), Map.of("reduction", "mean"));
  }

  /** The flat logits' softmax over the vocabulary (the last axis). */
  @Override
  public TensorData activation(TensorData rawOutput) {
    long vocab = rawOutput.dim(rawOutput.rank() - 1);
    float[] v = rawOutput.toFloatArray();
    for (int row = 0; row < v.length / vocab; row++) {
      int o = (int) (row * vocab);
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < vocab; k++) {
        max = Math.max(max, v[o + k]);
      }
      double sum = 0;
      for (int k = 0; k < vocab; k++) {
        v[o + k] = (float) Math.exp(v[o + k] - max);
        sum += v[o + k];
      }
      for (int k = 0; k < vocab; k++) {
        v[o + k] = (float) (v[o + k] / sum);
      }
    }
    return TensorData.ofFloats(v, rawOutput.shape());
  }

  @Override
  public TensorData.DType targetType() {
    return TensorData.DType.INT64;
  }

  @Override
  public String describe() {
    return "CrossEntropyLossFlat()";
  }
}
