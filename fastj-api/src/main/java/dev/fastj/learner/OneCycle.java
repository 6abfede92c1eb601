package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Options of {@link Learner#fitOneCycle(int, Lr, OneCycle, dev.fastj.callback.Callback...)}, fastai's {@code fit_one_cycle}
 * arguments with its defaults: {@code div=25}, {@code div_final=1e5}, {@code pct_start=0.25},
 * {@code moms=(0.95, 0.85, 0.95)}, {@code wd=None} (the optimizer's).
 *
 * <p>The learning rate warms up with a cosine from {@code lrMax/div} to {@code lrMax} over the
 * first {@code pctStart} of the steps, then anneals with a cosine to {@code lrMax/divFinal};
 * momentum goes the other way, {@code moms.start} to {@code moms.middle} and back to
 * {@code moms.end}.
 *
 * @param div initial learning rate is lrMax / div
 * @param divFinal final learning rate is lrMax / divFinal
 * @param pctStart fraction of the steps spent warming up
 * @param moms momentum at the start, at the peak learning rate and at the end
 * @param wd weight decay for this fit, or null for the Learner's or optimizer's
 */
public record OneCycle(double div, double divFinal, double pctStart, Moms moms, Double wd) {

  /** Checks the values; messages name the wrong one. */
  public OneCycle {
    checkArgument(div > 0, "div must be positive, got %s", div);
    checkArgument(divFinal > 0, "divFinal must be positive, got %s", divFinal);
    checkArgument(pctStart >= 0 && pctStart <= 1, "pctStart must be in [0, 1], got %s", pctStart);
    checkArgument(moms != null, "moms must not be null; use Moms.defaults()");
    if (wd != null) {
      HyperChecks.nonNegative("wd", wd);
    }
  }

  /** fastai's defaults. */
  public static OneCycle defaults() {
    return new OneCycle(25, 1e5, 0.25, Moms.defaults(), null);
  }

  /** A copy with another {@code div}. */
  public OneCycle withDiv(double v) {
    return new OneCycle(v, divFinal, pctStart, moms, wd);
  }

  /** A copy with another {@code divFinal}. */
  public OneCycle withDivFinal(double v) {
    return new OneCycle(div, v, pctStart, moms, wd);
  }

  /** A copy with another {@code pctStart}. */
  public OneCycle withPctStart(double v) {
    return new OneCycle(div, divFinal, v, moms, wd);
  }

  /** A copy with another {@code moms}. */
  public OneCycle withMoms(Moms v) {
    return new OneCycle(div, divFinal, pctStart, v, wd);
  }

  /** A copy with another {@code wd}. */
  public OneCycle withWd(double v) {
    return new OneCycle(div, divFinal, pctStart, moms, v);
  }
}
