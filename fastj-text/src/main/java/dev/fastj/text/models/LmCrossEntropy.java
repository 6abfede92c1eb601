package dev.fastj.text.models;

import dev.fastj.data.TensorData;
import dev.fastj.nn.CrossEntropyLossFlat;
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

  /** The softmax over the vocabulary (the last axis): the classifier's softmax over rows [N*T, vocab]. */
  @Override
  public TensorData activation(TensorData rawOutput) {
    long vocab = rawOutput.dim(rawOutput.rank() - 1);
    TensorData rows = TensorData.wrap(rawOutput.dtype(), rawOutput.buffer(), rawOutput.numel() / vocab, vocab);
    TensorData p = CrossEntropyLossFlat.create().activation(rows);
    return TensorData.wrap(p.dtype(), p.buffer(), rawOutput.shape());
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
