package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The momentum (or Adam's beta1) cycle of one-cycle training: fastai's {@code moms} tuple,
 * default {@code (0.95, 0.85, 0.95)}.
 *
 * @param start momentum at the first step
 * @param middle momentum at the peak learning rate
 * @param end momentum at the last step
 */
public record Moms(double start, double middle, double end) {

  /** Checks that each momentum is in [0, 1). */
  public Moms {
    for (double m : new double[] {start, middle, end}) {
      checkArgument(m >= 0 && m < 1, "momentum must be in [0, 1), got %s", m);
    }
  }

  /** fastai's {@code (0.95, 0.85, 0.95)}. */
  public static Moms defaults() {
    return new Moms(0.95, 0.85, 0.95);
  }
}
