package dev.fastj.learner;

/**
 * The dynamic loss scale of mixed-precision training (PyTorch's {@code GradScaler}, which
 * fastai's {@code MixedPrecision} drives): large enough that small gradients survive float16,
 * lowered whenever a gradient overflows. Not thread-safe.
 */
final class GradScaler {

  private final MixedPrecision options;
  private double scale;
  private int goodInARow;
  private int skippedInARow;
  private long skipped;

  GradScaler(MixedPrecision options) {
    this.options = options;
    this.scale = options.initScale();
  }

  MixedPrecision options() {
    return options;
  }

  /** The scale of the next step. */
  double scale() {
    return scale;
  }

  /** Steps skipped so far because their gradients overflowed. */
  long skipped() {
    return skipped;
  }

  /** Overflowing steps since the last good one. */
  int skippedInARow() {
    return skippedInARow;
  }

  /** True when too many steps in a row overflowed: the gradients are not finite at any scale. */
  boolean givenUp() {
    return skippedInARow >= options.maxSkippedInARow();
  }

  /** Records whether the last step updated the weights and sets the next scale. */
  void update(boolean stepped) {
    if (!stepped) {
      skipped++;
      skippedInARow++;
      goodInARow = 0;
      scale = Math.max(scale * options.backoffFactor(), Float.MIN_NORMAL);
      return;
    }
    skippedInARow = 0;
    if (++goodInARow >= options.growthInterval()) {
      goodInARow = 0;
      scale = Math.min(scale * options.growthFactor(), Float.MAX_VALUE);
    }
  }
}
