package dev.fastj.callback;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.learner.FitState;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows training progress, as fastai's {@code ProgressCallback}: the epoch table's header when a
 * fit starts and one row per epoch, and a {@link ProgressBar} over the batches of each phase
 * with its rate and the time left: redrawn in place on an interactive terminal
 * ({@code System.console() != null}), a line at most every 10 s on a pipe. Every Learner has one;
 * {@code lrFind} shows one bar over its steps ({@link #oneBar}).
 */
public final class ProgressCallback implements Callback {

  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier clock;
  private final boolean table;
  private final String fitLabel;
  private final int fitSteps;
  private ProgressBar bar;

  /** Prints to {@code System.out}, with a bar when a console is attached. */
  public ProgressCallback() {
    this(System.out, System.console() != null);
  }

  /** Prints to {@code out}; {@code interactive} turns the in-place bar on. */
  public ProgressCallback(PrintStream out, boolean interactive) {
    this(out, interactive, System::nanoTime, true, null, 0);
  }

  /** Prints to {@code out} with time from {@code clock} (nanoseconds); {@code table} prints the epoch table. */
  public ProgressCallback(PrintStream out, boolean interactive, LongSupplier clock, boolean table) {
    this(out, interactive, clock, table, null, 0);
  }

  private ProgressCallback(PrintStream out, boolean interactive, LongSupplier clock, boolean table, String fitLabel,
      int fitSteps) {
    this.out = out;
    this.interactive = interactive;
    this.clock = clock;
    this.table = table;
    this.fitLabel = fitLabel;
    this.fitSteps = fitSteps;
  }

  /**
   * The same display without the epoch table and with one bar of {@code steps} training batches
   * over the whole fit, named {@code label}: for lrFind, whose steps cross epochs and which
   * validates nothing.
   */
  public ProgressCallback oneBar(String label, int steps) {
    checkArgument(steps > 0, "a progress bar needs a positive number of steps, got %s", steps);
    return new ProgressCallback(out, interactive, clock, false, label, steps);
  }

  /** A bar of {@code total} steps on this callback's stream (get_preds uses it). */
  public ProgressBar bar(String label, int total) {
    return new ProgressBar(out, interactive, clock, label, total);
  }

  /** fastai's order 60: after the Recorder has the epoch's row. */
  @Override
  public int order() {
    return 60;
  }

  @Override
  public void beforeFit(FitState s) {
    if (table) {
      out.println(EpochTable.header(s.recorder().metricNames()));
      out.flush();
    }
    if (fitLabel != null) {
      bar = bar(fitLabel, fitSteps);
    }
  }

  @Override
  public void beforeTrain(FitState s) {
    if (fitLabel == null) {
      startBar(s, "train");
    }
  }

  @Override
  public void beforeValidate(FitState s) {
    if (fitLabel == null) {
      startBar(s, "valid");
    }
  }

  private void startBar(FitState s, String phase) {
    closeBar();
    bar = bar(String.format(Locale.ROOT, "%s %d/%d", phase, s.epoch() + 1, s.nEpoch()), s.nIter());
  }

  @Override
  public void afterBatch(FitState s) {
    if (bar == null) {
      return;
    }
    double smooth = s.recorder().smoothLoss();
    String note = s.training() && Double.isFinite(smooth) ? String.format(Locale.ROOT, "loss %.4f", smooth) : "";
    bar.update(fitLabel != null ? (int) Math.min(s.trainIter(), fitSteps) : s.iter() + 1, note);
  }

  @Override
  public void afterEpoch(FitState s) {
    if (fitLabel == null) {
      closeBar();
    }
    var rows = s.recorder().rows();
    if (table && !rows.isEmpty()) {
      out.println(EpochTable.row(s.recorder().metricNames(), rows.get(rows.size() - 1)));
      out.flush();
    }
  }

  @Override
  public void afterFit(FitState s) {
    closeBar();
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
