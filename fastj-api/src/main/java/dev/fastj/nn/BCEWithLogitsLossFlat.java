package dev.fastj.nn;

import dev.fastj.data.TensorData;

/**
 * fastai's {@code BCEWithLogitsLossFlat}: binary cross-entropy on raw logits against FLOAT32
 * targets of the same number of elements (one-hot tags), averaged over every element. It is
 * emitted in the stable form {@code max(x, 0) - x * y + log(1 + exp(-|x|))}. The activation is
 * the sigmoid; a tag is predicted when its probability exceeds {@link #threshold()} (0.5).
 */
public final class BCEWithLogitsLossFlat implements Loss {

  private final double threshold;

  private BCEWithLogitsLossFlat(double threshold) {
    this.threshold = threshold;
  }

  /** fastai's default, threshold 0.5. */
  public static BCEWithLogitsLossFlat create() {
    return new BCEWithLogitsLossFlat(0.5);
  }

  /** A copy with decoding threshold {@code t} (fastai's {@code thresh}). */
  public BCEWithLogitsLossFlat withThreshold(double t) {
    return new BCEWithLogitsLossFlat(t);
  }

  /** Probability above which a tag is predicted. */
  public double threshold() {
    return threshold;
  }

  @Override
  public Var forward(Emitter e, Var output, Var target) {
    Var x = Losses.flatten(e, output);
    Var y = Losses.flatten(e, target);
    Var softplusNegAbs = e.op("Log", e.op("Add", Losses.scalar(e, 1f), e.op("Exp", e.op("Neg", e.op("Abs", x)))));
    Var perElement = e.op("Add", e.op("Sub", e.op("Relu", x), e.op("Mul", x, y)), softplusNegAbs);
    return Losses.reduce(e, "ReduceMean", perElement, false);
  }

  /** The sigmoid of each output. */
  @Override
  public TensorData activation(TensorData rawOutput) {
    return Losses.sigmoid(rawOutput);
  }

  @Override
  public TensorData.DType targetType() {
    return TensorData.DType.FLOAT32;
  }

  @Override
  public String describe() {
    return "BCEWithLogitsLossFlat(thresh=" + threshold + ")";
  }
}
