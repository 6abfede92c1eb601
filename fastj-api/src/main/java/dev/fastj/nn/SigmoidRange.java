package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * fastai's {@code SigmoidRange(low, high)}: {@code sigmoid(x) * (high - low) + low}, the last layer
 * of a head with {@code y_range}. Emits {@code Sigmoid}, {@code Mul}, {@code Add}.
 *
 * @param low lowest output
 * @param high highest output
 */
public record SigmoidRange(double low, double high) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public SigmoidRange {
    checkArgument(low < high, "SigmoidRange needs low < high, got %s and %s", low, high);
  }

  /** {@code SigmoidRange(low, high)}. */
  public static SigmoidRange of(double low, double high) {
    return new SigmoidRange(low, high);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Var scaled = e.op("Mul", e.op("Sigmoid", x), e.constant(new float[] {(float) (high - low)}));
    return e.op("Add", scaled, e.constant(new float[] {(float) low}));
  }

  @Override
  public String describe() {
    return "SigmoidRange(" + low + ", " + high + ")";
  }
}
