package dev.fastj.callback;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.learner.FitState;
import java.util.List;

/**
 * Watches one column of the epoch table ({@code valid_loss} or a metric) and notes when it
 * improves: fastai's {@code TrackerCallback} (order 60). The comparison defaults to "lower is
 * better" when the name contains {@code loss} or {@code error}, else "higher is better"; an
 * improvement must beat the best by more than {@code minDelta}.
 */
public abstract class TrackerCallback implements Callback {

  /** Which direction counts as better. */
  public enum Comparison {
    /** Lower is better (losses, error rates). */
    LESS,
    /** Higher is better (accuracy). */
    GREATER;

    /** fastai's default for a column name. */
    public static Comparison forMonitor(String monitor) {
      return monitor.contains("loss") || monitor.contains("error") ? LESS : GREATER;
    }
  }

  private final String monitor;
  private final Comparison comp;
  private final double minDelta;
  private final boolean resetOnFit;
  private double best = Double.NaN;
  private boolean newBest;
  private int idx;

  protected TrackerCallback(String monitor, Comparison comp, double minDelta, boolean resetOnFit) {
    checkArgument(monitor != null && !monitor.isEmpty(), "monitor must name a column such as valid_loss");
    checkArgument(minDelta >= 0, "minDelta must be >= 0, got %s", minDelta);
    this.monitor = monitor;
    this.comp = comp == null ? Comparison.forMonitor(monitor) : comp;
    this.minDelta = minDelta;
    this.resetOnFit = resetOnFit;
  }

  @Override
  public int order() {
    return 60;
  }

  @Override
  public void beforeFit(FitState s) {
    if (resetOnFit || Double.isNaN(best)) {
      best = comp == Comparison.LESS ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
    List<String> names = s.recorder().metricNames();
    List<String> values = names.subList(1, names.size() - 1);
    checkArgument(values.contains(monitor), "monitor %s is not recorded; choose one of %s", monitor, values);
    idx = values.indexOf(monitor);
  }

  @Override
  public void afterEpoch(FitState s) {
    List<EpochRow> rows = s.recorder().rows();
    double val = rows.get(rows.size() - 1).values()[idx];
    newBest = comp == Comparison.LESS ? val + minDelta < best : val - minDelta > best;
    if (newBest) {
      best = val;
    }
  }

  /** The column watched. */
  public String monitor() {
    return monitor;
  }

  /** The best value seen (infinite before the first epoch). */
  public double best() {
    return best;
  }

  /** Whether the last epoch improved on the best. */
  public boolean newBest() {
    return newBest;
  }
}
