package dev.fastj.learner.schedule;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A value as a function of the position in training, {@code pos} in [0, 1]. The factories are
 * fastai's annealers: {@code SchedLin}, {@code SchedCos}, {@code SchedNo}, {@code SchedExp},
 * {@code combine_scheds} and {@code combined_cos}, with the same formulas.
 *
 * <pre>{@code
 * Schedule lr = Schedule.combinedCos(0.25, 1e-3 / 25, 1e-3, 1e-3 / 1e5);  // fit_one_cycle's lr
 * double first = lr.at(0);                                                 // 4e-5
 * }</pre>
 */
@FunctionalInterface
public interface Schedule {

  /** The value at {@code pos} (0 at the first step of the schedule, 1 at its end). */
  double at(double pos);

  /** fastai's {@code SchedLin}: {@code start + pos * (end - start)}. */
  static Schedule lin(double start, double end) {
    return pos -> start + pos * (end - start);
  }

  /** fastai's {@code SchedCos}: {@code start + (1 + cos(pi * (1 - pos))) * (end - start) / 2}. */
  static Schedule cos(double start, double end) {
    return pos -> start + (1 + Math.cos(Math.PI * (1 - pos))) * (end - start) / 2;
  }

  /** fastai's {@code SchedNo}: always {@code start}. */
  static Schedule no(double start) {
    return pos -> start;
  }

  /** fastai's {@code SchedExp}: {@code start * (end / start) ^ pos}. */
  static Schedule exp(double start, double end) {
    checkArgument(start > 0 && end > 0, "exponential schedule needs positive ends, got %s and %s", start, end);
    return pos -> start * Math.pow(end / start, pos);
  }

  /**
   * fastai's {@code combine_scheds}: schedule {@code i} runs over a fraction {@code pcts[i]} of
   * training; the fractions must be non-negative and sum to 1.
   */
  static Schedule combine(double[] pcts, Schedule... scheds) {
    checkArgument(pcts.length == scheds.length && pcts.length > 0,
        "need one fraction per schedule, got %s fractions and %s schedules", pcts.length, scheds.length);
    double[] cum = new double[pcts.length + 1];
    for (int i = 0; i < pcts.length; i++) {
      checkArgument(pcts[i] >= 0, "fractions must be >= 0, got %s", pcts[i]);
      cum[i + 1] = cum[i] + pcts[i];
    }
    checkArgument(Math.abs(cum[pcts.length] - 1) < 1e-9, "fractions must sum to 1, got %s", cum[pcts.length]);
    Schedule[] s = scheds.clone();
    int limit = cum.length - 2;
    return pos -> {
      int idx = 0;
      for (int i = 0; i < cum.length; i++) {
        if (pos >= cum[i]) {
          idx = i;
        }
      }
      idx = Math.min(idx, limit);
      double width = cum[idx + 1] - cum[idx];
      // a zero-width last segment can only be reached at pos == 1, which training never asks for
      double actual = width == 0 ? 0 : (pos - cum[idx]) / width;
      return s[idx].at(actual);
    };
  }

  /**
   * fastai's {@code combined_cos}: cosine from {@code start} to {@code middle} over the first
   * {@code pct}, then cosine from {@code middle} to {@code end}.
   */
  static Schedule combinedCos(double pct, double start, double middle, double end) {
    checkArgument(pct >= 0 && pct <= 1, "pct must be in [0, 1], got %s", pct);
    return combine(new double[] {pct, 1 - pct}, cos(start, middle), cos(middle, end));
  }
}
