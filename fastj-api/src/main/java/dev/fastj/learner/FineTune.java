package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Options of {@link Learner#fineTune(int, FineTune, dev.fastj.callback.Callback...)}, fastai's {@code fine_tune} arguments with
 * its defaults: {@code base_lr=2e-3}, {@code freeze_epochs=1}, {@code lr_mult=100},
 * {@code pct_start=0.3}, {@code div=5.0}.
 *
 * @param baseLr learning rate of the frozen phase (halved for the unfrozen phase)
 * @param freezeEpochs epochs with the body frozen
 * @param lrMult ratio between the last and the first group's learning rate once unfrozen
 * @param pctStart warm-up fraction of the unfrozen one-cycle
 * @param div initial division of the unfrozen one-cycle
 */
public record FineTune(double baseLr, int freezeEpochs, double lrMult, double pctStart, double div) {

  /** Checks the values; messages name the wrong one. */
  public FineTune {
    HyperChecks.positive("baseLr", baseLr);
    checkArgument(freezeEpochs >= 0, "freezeEpochs must be >= 0, got %s", freezeEpochs);
    checkArgument(lrMult > 0, "lrMult must be positive, got %s", lrMult);
    checkArgument(pctStart >= 0 && pctStart <= 1, "pctStart must be in [0, 1], got %s", pctStart);
    checkArgument(div > 0, "div must be positive, got %s", div);
  }

  /** fastai's defaults. */
  public static FineTune defaults() {
    return new FineTune(2e-3, 1, 100, 0.3, 5.0);
  }

  /** A copy with another {@code baseLr}. */
  public FineTune withBaseLr(double v) {
    return new FineTune(v, freezeEpochs, lrMult, pctStart, div);
  }

  /** A copy with another {@code freezeEpochs}. */
  public FineTune withFreezeEpochs(int v) {
    return new FineTune(baseLr, v, lrMult, pctStart, div);
  }

  /** A copy with another {@code lrMult}. */
  public FineTune withLrMult(double v) {
    return new FineTune(baseLr, freezeEpochs, v, pctStart, div);
  }

  /** A copy with another {@code pctStart}. */
  public FineTune withPctStart(double v) {
    return new FineTune(baseLr, freezeEpochs, lrMult, v, div);
  }

  /** A copy with another {@code div}. */
  public FineTune withDiv(double v) {
    return new FineTune(baseLr, freezeEpochs, lrMult, pctStart, v);
  }
}
