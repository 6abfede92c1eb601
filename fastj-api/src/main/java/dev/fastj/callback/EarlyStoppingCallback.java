package dev.fastj.callback;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.learner.FitState;

/**
 * Stops the fit when the monitored value has not improved for {@code patience} epochs: fastai's
 * {@code EarlyStoppingCallback} (defaults: monitor {@code valid_loss}, min_delta 0, patience 1).
 *
 * <pre>{@code
 * learn.fit(20, 1e-3, new EarlyStoppingCallback("accuracy", 0.01, 3));
 * }</pre>
 */
public final class EarlyStoppingCallback extends TrackerCallback {

  private final int patience;
  private int wait;
  private Integer stoppedAfter;

  /** fastai's defaults: valid_loss, min_delta 0, patience 1. */
  public EarlyStoppingCallback() {
    this("valid_loss", 0, 1);
  }

  /** Watches {@code monitor} with fastai's default comparison for its name. */
  public EarlyStoppingCallback(String monitor, double minDelta, int patience) {
    this(monitor, null, minDelta, patience);
  }

  /** Full control; {@code comp} null picks the comparison from the name. */
  public EarlyStoppingCallback(String monitor, Comparison comp, double minDelta, int patience) {
    super(monitor, comp, minDelta, true);
    checkArgument(patience >= 1, "patience must be >= 1, got %s", patience);
    this.patience = patience;
  }

  /** fastai's order: TrackerCallback's + 3. */
  @Override
  public int order() {
    return super.order() + 3;
  }

  @Override
  public void beforeFit(FitState s) {
    wait = 0;
    stoppedAfter = null;
    super.beforeFit(s);
  }

  @Override
  public void afterEpoch(FitState s) {
    super.afterEpoch(s);
    if (newBest()) {
      wait = 0;
      return;
    }
    wait++;
    if (wait >= patience) {
      stoppedAfter = s.epoch();
      System.out.println("No improvement since epoch " + (s.epoch() - wait) + ": early stopping");
      throw new CancelFitException("early stopping at epoch " + s.epoch());
    }
  }

  /** The epoch after which the last fit stopped early, or null when it ran to the end. */
  public Integer stoppedAfter() {
    return stoppedAfter;
  }
}
