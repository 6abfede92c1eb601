package dev.fastj.nn;

/**
 * How a parameter's initial values are drawn. The backend draws them with a seeded generator,
 * so a model built twice with the same seed starts from the same weights.
 */
public sealed interface Init {

  /** Every value equal to {@code value} (BatchNorm weight 1, biases 0). */
  record Constant(double value) implements Init {}

  /** Normal(0, std). */
  record Normal(double std) implements Init {}

  /**
   * fastai's {@code trunc_normal_(x, std)} (its {@code Embedding}'s initialisation): Normal(0, 1)
   * values taken {@code fmod 2} (so within (-2, 2)), times {@code std}.
   */
  record TruncNormal(double std) implements Init {}

  /** Uniform(-bound, bound). */
  record Uniform(double bound) implements Init {}

  /**
   * Kaiming normal, fan-in mode, as {@code nn.init.kaiming_normal_} (fastai's ConvLayer and
   * LinBnDrop default): std = gain / sqrt(fanIn), gain = sqrt(2 / (1 + a^2)).
   */
  record KaimingNormal(long fanIn, double a) implements Init {
    public double std() {
      return Math.sqrt(2.0 / (1 + a * a)) / Math.sqrt(fanIn);
    }
  }

  /** PyTorch's default for Linear/Conv weights: kaiming_uniform with a = sqrt(5), i.e. bound 1/sqrt(fanIn). */
  static Init torchDefault(long fanIn) {
    return new Uniform(1.0 / Math.sqrt(fanIn));
  }

  static Init zeros() {
    return new Constant(0);
  }

  static Init ones() {
    return new Constant(1);
  }
}
