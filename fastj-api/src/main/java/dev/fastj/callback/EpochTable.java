package dev.fastj.callback;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Formats the epoch table exactly as fastai prints it on a console: column names padded to 8
 * characters and joined by two spaces; each value padded to its column's width plus two; losses
 * and metrics with 6 decimals; the time as {@code mm:ss} (or {@code h:mm:ss}).
 *
 * <pre>
 * epoch     train_loss  valid_loss  error_rate  time
 * 0         0.512345    0.401234    0.120000    00:12
 * </pre>
 */
public final class EpochTable {

  private EpochTable() {}

  /** The header line for these column names (fastai's {@code recorder.metric_names}). */
  public static String header(List<String> names) {
    return String.join("  ", padded(names));
  }

  /** The line of one epoch under a header with these column names. */
  public static String row(List<String> names, EpochRow row) {
    List<String> cells = new ArrayList<>();
    cells.add(Integer.toString(row.epoch()));
    for (double v : row.values()) {
      cells.add(formatValue(v));
    }
    cells.add(formatTime(row.seconds()));
    List<String> cols = padded(names);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size() && i < cols.size(); i++) {
      String t = cells.get(i);
      sb.append(t).append(" ".repeat(Math.max(0, 2 + cols.get(i).length() - t.length())));
    }
    return sb.toString();
  }

  /** A loss or metric as fastai prints it: 6 decimals, {@code None} when not computed. */
  public static String formatValue(double v) {
    return Double.isNaN(v) ? "None" : String.format(Locale.ROOT, "%.6f", v);
  }

  /** fastai's {@code format_time}: {@code mm:ss} under an hour, else {@code h:mm:ss}. */
  public static String formatTime(double seconds) {
    long t = (long) seconds;
    long h = t / 3600;
    long m = (t / 60) % 60;
    long s = t % 60;
    return h != 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%02d:%02d", m, s);
  }

  private static List<String> padded(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      out.add(n.length() < 8 ? n + " ".repeat(8 - n.length()) : n);
    }
    return out;
  }
}
