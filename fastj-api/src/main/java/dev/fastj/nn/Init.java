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

  /**
   * fastai's {@code icnr_init(w, scale)} for a convolution followed by {@link PixelShuffle}: a
   * kaiming-normal (fan in) kernel for each of the {@code outChannels / scale^2} final channels,
   * repeated for the {@code scale^2} channels the shuffle spreads over one block, so that at start
   * the upsampling is nearest-neighbour and free of checkerboard artifacts. The weight's
   * dimension 0 is the output channel, and channel {@code c * scale^2 + j} gets the kernel of
   * {@code c} (the shuffle's CRD order).
   *
   * @param fanIn input channels times the kernel area
   * @param scale the shuffle's upscale factor
   */
  record Icnr(long fanIn, int scale) implements Init {
    public Icnr {
      if (fanIn <= 0 || scale <= 0) {
        throw new IllegalArgumentException("ICNR needs a positive fan in and scale, got " + fanIn + " and " + scale);
      }
    }

    /** The kaiming-normal standard deviation, sqrt(2 / fanIn). */
    public double std() {
      return Math.sqrt(2.0 / fanIn);
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
