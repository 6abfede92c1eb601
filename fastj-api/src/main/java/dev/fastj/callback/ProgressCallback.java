package dev.fastj.callback;

import dev.fastj.learner.FitState;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows training progress, as fastai's {@code ProgressCallback}: the epoch table's header when a
 * fit starts and one row per epoch; on an interactive terminal ({@code System.console() != null})
 * also a progress bar over the batches of the current phase, redrawn in place. Every Learner has
 * one; {@code lrFind} runs without it.
 */
public final class ProgressCallback implements Callback {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream out;
  private final boolean interactive;
  private long lastDraw;
  private boolean barShown;

  /** Prints to {@code System.out}, with a bar when a console is attached. */
  public ProgressCallback() {
    this(System.out, System.console() != null);
  }

  /** Prints to {@code out}; {@code interactive} turns the in-place bar on. */
  public ProgressCallback(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** fastai's order 60: after the Recorder has the epoch's row. */
  @Override
  public int order() {
    return 60;
  }

  @Override
  public void beforeFit(FitState s) {
    out.println(EpochTable.header(s.recorder().metricNames()));
    out.flush();
  }

  @Override
  public void afterBatch(FitState s) {
    if (!interactive) {
      return;
    }
    long now = System.nanoTime();
    boolean last = s.iter() + 1 >= s.nIter();
    if (!last && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    int done = s.iter() + 1;
    int filled = s.nIter() == 0 ? WIDTH : (int) ((long) WIDTH * done / s.nIter());
    String phase = s.training() ? "train" : "valid";
    double smooth = s.recorder().smoothLoss();
    String loss = s.training() && Double.isFinite(smooth) ? String.format(Locale.ROOT, " loss %.4f", smooth) : "";
    out.print(String.format(Locale.ROOT, "\r%s %d/%d [%s%s] %d/%d%s", phase, s.epoch() + 1, s.nEpoch(),
        "#".repeat(filled), ".".repeat(WIDTH - filled), done, s.nIter(), loss));
    out.flush();
    barShown = true;
  }

  @Override
  public void afterEpoch(FitState s) {
    clearBar();
    var rows = s.recorder().rows();
    if (!rows.isEmpty()) {
      out.println(EpochTable.row(s.recorder().metricNames(), rows.get(rows.size() - 1)));
      out.flush();
    }
  }

  @Override
  public void afterFit(FitState s) {
    clearBar();
  }

  private void clearBar() {
    if (barShown) {
      out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
      barShown = false;
    }
  }
}
