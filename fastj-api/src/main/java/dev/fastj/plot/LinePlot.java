package dev.fastj.plot;

import java.util.List;
import java.util.Objects;

/**
 * What a line chart shows: series, axis labels, an optional title, a logarithmic x axis (for
 * lr_find) and an optional marked point. Immutable; change it with the {@code with...}
 * copies. Drawn by {@link Plots#line(LinePlot, java.nio.file.Path)}.
 *
 * <pre>{@code
 * LinePlot.of("Learning Rate", "Loss", Series.of("loss", losses))
 *     .withLogX(true)
 *     .withMarker(new Marker(1e-3, 0.4, "valley"));
 * }</pre>
 *
 * @param title the title over the chart, or {@code null}
 * @param xLabel the x axis label
 * @param yLabel the y axis label
 * @param series the lines, at least one
 * @param logX whether the x axis is logarithmic (all x values must then be positive)
 * @param marker a point to mark, or {@code null}
 * @param width the image width in pixels
 * @param height the image height in pixels
 */
public record LinePlot(String title, String xLabel, String yLabel, List<Series> series,
    boolean logX, Marker marker, int width, int height) {

  /** Default image width in pixels. */
  public static final int DEFAULT_WIDTH = 800;
  /** Default image height in pixels. */
  public static final int DEFAULT_HEIGHT = 500;

  /** Checks the series and the size. */
  public LinePlot {
    Objects.requireNonNull(xLabel, "xLabel");
    Objects.requireNonNull(yLabel, "yLabel");
    series = List.copyOf(series);
    if (series.isEmpty()) {
      throw new IllegalArgumentException("a line plot needs at least one series");
    }
    if (width < 50 || height < 50) {
      throw new IllegalArgumentException(
          "plot size must be at least 50x50 pixels, got " + width + "x" + height);
    }
    if (logX) {
      for (Series s : series) {
        for (double x : s.x()) {
          if (!(x > 0)) {
            throw new IllegalArgumentException(
                "series " + s.name() + " has x " + x + " but a log x axis needs x > 0");
          }
        }
      }
      if (marker != null && !(marker.x() > 0)) {
        throw new IllegalArgumentException(
            "marker x " + marker.x() + " is not positive; a log x axis needs x > 0");
      }
    }
  }

  /** A plot of {@code series} with linear axes, no title and no marker, at the default size. */
  public static LinePlot of(String xLabel, String yLabel, Series... series) {
    return new LinePlot(null, xLabel, yLabel, List.of(series), false, null, DEFAULT_WIDTH,
        DEFAULT_HEIGHT);
  }

  /** A copy with this title. */
  public LinePlot withTitle(String newTitle) {
    return new LinePlot(newTitle, xLabel, yLabel, series, logX, marker, width, height);
  }

  /** A copy with a logarithmic (true) or linear x axis. */
  public LinePlot withLogX(boolean newLogX) {
    return new LinePlot(title, xLabel, yLabel, series, newLogX, marker, width, height);
  }

  /** A copy with this marked point ({@code null} for none). */
  public LinePlot withMarker(Marker newMarker) {
    return new LinePlot(title, xLabel, yLabel, series, logX, newMarker, width, height);
  }

  /** A copy drawn at this size in pixels. */
  public LinePlot withSize(int newWidth, int newHeight) {
    return new LinePlot(title, xLabel, yLabel, series, logX, marker, newWidth, newHeight);
  }
}
