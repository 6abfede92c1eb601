package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Settings of mixed-precision training, fastai's {@code MixedPrecision} callback with the
 * defaults of the gradient scaler it uses: the loss is multiplied by a scale that starts at
 * 2<sup>16</sup>, is halved after any step whose gradients overflow float16 (that step changes
 * nothing), and doubles after 2000 steps in a row without overflow.
 *
 * <pre>{@code
 * learn.toFp16();                                                   // fastai's learn.to_fp16()
 * learn.toFp16(MixedPrecision.defaults().withInitScale(1024));
 * }</pre>
 *
 * @param initScale the first loss scale
 * @param growthFactor what the scale is multiplied by after {@code growthInterval} good steps
 * @param backoffFactor what the scale is multiplied by after a step that overflowed
 * @param growthInterval good steps in a row before the scale grows
 * @param maxSkippedInARow overflowing steps in a row after which training stops with an error
 *     (gradients that are not finite at any scale come from the model or the data, not float16)
 * @param allowCpu run the float16 graphs on the CPU too: slower than float32 there, useful only
 *     to check a model before a GPU run; without it, {@code toFp16()} on the CPU is refused
 */
public record MixedPrecision(double initScale, double growthFactor, double backoffFactor, int growthInterval,
    int maxSkippedInARow, boolean allowCpu) {

  public MixedPrecision {
    checkArgument(initScale > 0 && initScale <= Float.MAX_VALUE, "initScale must be positive and a finite float32, "
        + "got %s", initScale);
    checkArgument(growthFactor >= 1, "growthFactor must be at least 1, got %s", growthFactor);
    checkArgument(backoffFactor > 0 && backoffFactor < 1, "backoffFactor must be in (0, 1), got %s", backoffFactor);
    checkArgument(growthInterval >= 1, "growthInterval must be at least 1, got %s", growthInterval);
    checkArgument(maxSkippedInARow >= 1, "maxSkippedInARow must be at least 1, got %s", maxSkippedInARow);
  }

  /** fastai's defaults: scale 2^16, growth 2, backoff 0.5, interval 2000; 50 skipped steps in a row at most. */
  public static MixedPrecision defaults() {
    return new MixedPrecision(65536, 2, 0.5, 2000, 50, false);
  }

  public MixedPrecision withInitScale(double s) {
    return new MixedPrecision(s, growthFactor, backoffFactor, growthInterval, maxSkippedInARow, allowCpu);
  }

  public MixedPrecision withGrowthFactor(double f) {
    return new MixedPrecision(initScale, f, backoffFactor, growthInterval, maxSkippedInARow, allowCpu);
  }

  public MixedPrecision withBackoffFactor(double f) {
    return new MixedPrecision(initScale, growthFactor, f, growthInterval, maxSkippedInARow, allowCpu);
  }

  public MixedPrecision withGrowthInterval(int steps) {
    return new MixedPrecision(initScale, growthFactor, backoffFactor, steps, maxSkippedInARow, allowCpu);
  }

  public MixedPrecision withMaxSkippedInARow(int steps) {
    return new MixedPrecision(initScale, growthFactor, backoffFactor, growthInterval, steps, allowCpu);
  }

  public MixedPrecision withAllowCpu(boolean allow) {
    return new MixedPrecision(initScale, growthFactor, backoffFactor, growthInterval, maxSkippedInARow, allow);
  }
}
