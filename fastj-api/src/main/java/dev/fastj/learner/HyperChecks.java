package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Checks of hyper-parameter values given by the user. The backend computes in float32, so a value
 * above float32's largest (about 3.4e38) would reach it as infinity and turn the weights into NaN
 * at the first step; these checks refuse it, with the value, where it is given.
 */
final class HyperChecks {

  private HyperChecks() {}

  /** Refuses {@code v} unless it is a finite positive number within float32's range. */
  static double positive(String what, double v) {
    checkArgument(Double.isFinite(v) && v > 0 && v <= Float.MAX_VALUE,
        "%s must be a positive number no larger than float32's largest (%s), got %s", what, Float.MAX_VALUE, v);
    return v;
  }

  /** Refuses {@code v} unless it is a finite number {@code >= 0} within float32's range. */
  static double nonNegative(String what, double v) {
    checkArgument(Double.isFinite(v) && v >= 0 && v <= Float.MAX_VALUE,
        "%s must be a number >= 0 no larger than float32's largest (%s), got %s", what, Float.MAX_VALUE, v);
    return v;
  }
}
