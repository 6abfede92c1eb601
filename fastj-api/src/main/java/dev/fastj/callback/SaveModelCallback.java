package dev.fastj.callback;

import dev.fastj.learner.FitState;
import java.util.Locale;

/**
 * Saves a checkpoint whenever the monitored value improves and loads the best one back when the
 * fit ends: fastai's {@code SaveModelCallback} (defaults: monitor {@code valid_loss}, fname
 * {@code model}, not every epoch, not at end, without optimizer state when loading back).
 * Checkpoints go through {@link dev.fastj.learner.Learner#save(String)}.
 *
 * <pre>{@code
 * learn.fitOneCycle(10, 1e-3, new SaveModelCallback("accuracy", "best"));
 * }</pre>
 */
public final class SaveModelCallback extends TrackerCallback {

  private final String fname;
  private final boolean everyEpoch;
  private final boolean atEnd;
  private final boolean withOpt;
  private boolean saved;

  /** fastai's defaults: valid_loss, file name {@code model}. */
  public SaveModelCallback() {
    this("valid_loss", "model");
  }

  /** Saves to {@code fname} whenever {@code monitor} improves; loads the best back at the end. */
  public SaveModelCallback(String monitor, String fname) {
    this(monitor, null, 0, fname, false, false, false);
  }

  /**
   * Full control, as fastai: {@code everyEpoch} saves {@code fname_<epoch>} every epoch instead;
   * {@code atEnd} saves once at the end instead of loading the best back; {@code withOpt}
   * loads the optimizer state back too.
   */
  public SaveModelCallback(String monitor, Comparison comp, double minDelta, String fname, boolean everyEpoch,
      boolean atEnd, boolean withOpt) {
    super(monitor, comp, minDelta, true);
    this.fname = fname;
    this.everyEpoch = everyEpoch;
    this.atEnd = atEnd;
    this.withOpt = withOpt;
  }

  /** fastai's order: TrackerCallback's + 1. */
  @Override
  public int order() {
    return super.order() + 1;
  }

  @Override
  public void beforeFit(FitState s) {
    saved = false;
    super.beforeFit(s);
  }

  @Override
  public void afterEpoch(FitState s) {
    if (everyEpoch) {
      s.learner().save(fname + "_" + s.epoch());
      return;
    }
    super.afterEpoch(s);
    if (newBest()) {
      System.out.println(String.format(Locale.ROOT, "Better model found at epoch %d with %s value: %s.", s.epoch(),
          monitor(), best()));
      s.learner().save(fname);
      saved = true;
    }
  }

  @Override
  public void afterFit(FitState s) {
    if (atEnd) {
      s.learner().save(fname);
    } else if (!everyEpoch && saved) {
      s.learner().load(fname, withOpt);
    }
  }
}
