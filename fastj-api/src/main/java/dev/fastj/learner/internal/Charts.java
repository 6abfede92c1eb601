package dev.fastj.learner.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Line charts written to PNG for the Recorder and the learning-rate finder. Internal: other
 * modules use {@code dev.fastj.plot}.
 */
public final class Charts {

  /** One named series; {@code markers} draws points instead of a line. */
  public record Series(String name, double[] x, double[] y, boolean markers) {}

  private static final Color[] COLORS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)
  };

  private Charts() {}

  /** Draws the series on one chart and writes it atomically as a PNG. */
  public static void line(Path png, String title, String xLabel, String yLabel, boolean logX, List<Series> series) {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    List<Series> kept = new ArrayList<>();
    for (Series s : series) {
      XYSeries xy = new XYSeries(s.name(), false, true);
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isFinite(s.y()[i]) && (!logX || s.x()[i] > 0)) {
          xy.add(s.x()[i], s.y()[i]);
        }
      }
      data.addSeries(xy);
      kept.add(s);
    }
    for (int i = 0; i < kept.size(); i++) {
      boolean markers = kept.get(i).markers();
      renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
      renderer.setSeriesLinesVisible(i, !markers);
      renderer.setSeriesShapesVisible(i, markers);
      renderer.setSeriesShape(i, new Ellipse2D.Double(-5, -5, 10, 10));
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    NumberAxis yAxis = new NumberAxis(yLabel);
    yAxis.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, logX ? new LogAxis(xLabel) : new NumberAxis(xLabel), yAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, series.size() > 1);
    chart.setBackgroundPaint(Color.WHITE);
    try {
      Path abs = png.toAbsolutePath();
      if (abs.getParent() != null) {
        Files.createDirectories(abs.getParent());
      }
      Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
      try {
        ChartUtils.saveChartAsPNG(tmp.toFile(), chart, 640, 480);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write plot " + png + ": " + e.getMessage(), e);
    }
  }
}
