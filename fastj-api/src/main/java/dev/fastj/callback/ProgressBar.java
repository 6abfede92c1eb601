package dev.fastj.callback;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * fastprogress's {@code progress_bar}: progress over a known number of steps, with the rate and
 * the time left. On an interactive terminal it is one line redrawn in place at most five times a
 * second ({@code train 1/3 [#####.....] 120/375 41.2 it/s, eta 00:06 loss 0.4321}) and cleared by
 * {@link #close()}; on a pipe or a log file, where redrawing would print a line per step, it
 * prints a whole line at most every 10 seconds, so long phases still show life and short ones
 * stay quiet.
 *
 * <pre>{@code
 * ProgressBar bar = ProgressBar.onStdout("get_preds", batches);
 * for (int i = 0; i < batches; i++) { ...; bar.update(i + 1); }
 * bar.close();
 * }</pre>
 */
public final class ProgressBar {

  /** Width of the bar in characters. */
  static final int WIDTH = 30;
  /** Least time between two redraws on a terminal. */
  static final long TERMINAL_NANOS = 200_000_000L;
  /** Least time between two lines on a pipe. */
  static final long PIPE_NANOS = 10_000_000_000L;

  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier clock;
  private final String label;
  private final int total;
  private final long start;
  private long lastShown;
  private boolean drawn;
  private int lastWidth;

  /**
   * A bar of {@code total} steps named {@code label}, printed to {@code out}; {@code interactive}
   * redraws in place, otherwise a line at most every 10 s; {@code clock} gives nanoseconds.
   */
  public ProgressBar(PrintStream out, boolean interactive, LongSupplier clock, String label, int total) {
    checkArgument(total >= 0, "a progress bar needs a total of at least 0 steps, got %s", total);
    this.out = out;
    this.interactive = interactive;
    this.clock = clock;
    this.label = label;
    this.total = total;
    this.start = clock.getAsLong();
    this.lastShown = start;
  }

  /** A bar on {@code System.out}, redrawn in place when a console is attached. */
  public static ProgressBar onStdout(String label, int total) {
    return new ProgressBar(System.out, System.console() != null, System::nanoTime, label, total);
  }

  /** Records that {@code done} of the steps are finished. */
  public void update(int done) {
    update(done, "");
  }

  /** Records that {@code done} steps are finished, with a short note shown after the rate (a loss, say). */
  public void update(int done, String note) {
    long now = clock.getAsLong();
    boolean last = done >= total;
    if (interactive) {
      if (!last && now - lastShown < TERMINAL_NANOS && drawn) {
        return;
      }
      String line = line(done, now, note);
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
      drawn = true;
    } else {
      if (now - lastShown < PIPE_NANOS) {
        return;
      }
      out.println(line(done, now, note));
    }
    lastShown = now;
    out.flush();
  }

  /** Clears the bar on a terminal; nothing on a pipe. */
  public void close() {
    if (interactive && drawn) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      out.flush();
      drawn = false;
    }
  }

  /** Seconds since the bar started. */
  public double elapsedSeconds() {
    return (clock.getAsLong() - start) / 1e9;
  }

  private String line(int done, long now, String note) {
    int d = Math.min(Math.max(done, 0), total);
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * d / total);
    double secs = (now - start) / 1e9;
    double rate = secs > 0 ? d / secs : 0;
    StringBuilder sb = new StringBuilder();
    sb.append(label).append(" [").append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
        .append(d).append('/').append(total);
    if (d > 0 && secs > 0) {
      sb.append(String.format(Locale.ROOT, " %s, eta %s", rate(rate), EpochTable.formatTime((total - d) / rate)));
    }
    if (!note.isEmpty()) {
      sb.append(' ').append(note);
    }
    return sb.toString();
  }

  private static String rate(double perSecond) {
    return perSecond >= 1 ? String.format(Locale.ROOT, "%.1f it/s", perSecond)
        : String.format(Locale.ROOT, "%.1f s/it", 1 / perSecond);
  }
}
