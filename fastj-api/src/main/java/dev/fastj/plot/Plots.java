package dev.fastj.plot;

import dev.fastj.internal.AtomicFiles;
import dev.fastj.vision.internal.Headless;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Charts as PNG files, drawn with JFreeChart without a display: line charts for losses and
 * lr_find (fastai's {@code plot_loss}, {@code plot_lr_find}) and the confusion-matrix heat map
 * ({@code plot_confusion_matrix}). Files are written atomically.
 *
 * <pre>{@code
 * Plots.line(LinePlot.of("iteration", "loss", Series.of("train", losses)), Path.of("loss.png"));
 * Plots.confusionMatrix(counts, vocab, Path.of("cm.png"));
 * }</pre>
 */
public final class Plots {

  static {
    Headless.ensure();
  }

  private static final Color[] LINE_COLOURS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b)
  };
  private static final Color LIGHT_BLUE = new Color(0xf7fbff);
  private static final Color DARK_BLUE = new Color(0x08306b);

  private Plots() {}

  /** Draws a line chart into {@code png}. */
  public static void line(LinePlot plot, Path png) {
    Objects.requireNonNull(plot, "plot");
    XYSeriesCollection data = new XYSeriesCollection();
    for (Series s : plot.series()) {
      XYSeries xy = new XYSeries(s.name(), false, true);
      for (int i = 0; i < s.size(); i++) {
        xy.add(s.x()[i], s.y()[i]);
      }
      data.addSeries(xy);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < plot.series().size(); i++) {
      renderer.setSeriesPaint(i, LINE_COLOURS[i % LINE_COLOURS.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    if (plot.marker() != null) {
      XYSeries m = new XYSeries(plot.marker().label(), false, true);
      m.add(plot.marker().x(), plot.marker().y());
      data.addSeries(m);
      int k = data.getSeriesCount() - 1;
      renderer.setSeriesLinesVisible(k, false);
      renderer.setSeriesShapesVisible(k, true);
      renderer.setSeriesShape(k, new Ellipse2D.Double(-5, -5, 10, 10));
      renderer.setSeriesPaint(k, Color.RED);
    }
    NumberAxis y = new NumberAxis(plot.yLabel());
    y.setAutoRangeIncludesZero(false);
    XYPlot xyPlot;
    if (plot.logX()) {
      LogAxis x = new LogAxis(plot.xLabel());
      x.setSmallestValue(Double.MIN_NORMAL);
      x.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
      xyPlot = new XYPlot(data, x, y, renderer);
    } else {
      NumberAxis x = new NumberAxis(plot.xLabel());
      x.setAutoRangeIncludesZero(false);
      xyPlot = new XYPlot(data, x, y, renderer);
    }
    xyPlot.setOrientation(PlotOrientation.VERTICAL);
    styleGrid(xyPlot);
    JFreeChart chart = new JFreeChart(plot.title(), JFreeChart.DEFAULT_TITLE_FONT, xyPlot, true);
    chart.setBackgroundPaint(Color.WHITE);
    write(chart, plot.width(), plot.height(), png);
  }

  /**
   * Draws a confusion matrix as a heat map with the count in each cell: rows are the actual
   * classes, top to bottom, columns the predicted ones, as fastai draws it.
   *
   * @param counts counts[actual][predicted], square, one row per label
   * @param labels the class names
   */
  public static void confusionMatrix(int[][] counts, List<String> labels, Path png) {
    confusionMatrix(counts, labels, false, png);
  }

  /**
   * Like {@link #confusionMatrix(int[][], List, Path)}; with {@code normalize} each row is
   * divided by its total and cells show two decimals (fastai's {@code normalize=True}).
   */
  public static void confusionMatrix(
      int[][] counts, List<String> labels, boolean normalize, Path png) {
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(labels, "labels");
    int n = labels.size();
    if (n == 0 || counts.length != n) {
      throw new IllegalArgumentException(
          "counts has " + counts.length + " rows but there are " + n
              + " labels; pass a square matrix with one row per label");
    }
    double[][] values = new double[n][n];
    double max = 0;
    for (int i = 0; i < n; i++) {
      if (counts[i].length != n) {
        throw new IllegalArgumentException(
            "counts row " + i + " has " + counts[i].length + " columns, expected " + n);
      }
      long rowSum = 0;
      for (int c : counts[i]) {
        rowSum += c;
      }
      for (int j = 0; j < n; j++) {
        values[i][j] = normalize ? (rowSum == 0 ? 0 : counts[i][j] / (double) rowSum) : counts[i][j];
        max = Math.max(max, values[i][j]);
      }
    }
    double[][] xyz = new double[3][n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        xyz[0][i * n + j] = j;
        xyz[1][i * n + j] = i;
        xyz[2][i * n + j] = values[i][j];
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("counts", xyz);
    String[] names = labels.toArray(new String[0]);
    SymbolAxis x = new SymbolAxis("Predicted", names);
    x.setVerticalTickLabels(true);
    x.setGridBandsVisible(false);
    SymbolAxis y = new SymbolAxis("Actual", names);
    y.setInverted(true);
    y.setGridBandsVisible(false);
    XYBlockRenderer renderer = new XYBlockRenderer();
    double top = max > 0 ? max : 1;
    renderer.setPaintScale(new BluesScale(top));
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    int fontSize = n <= 12 ? 14 : (n <= 25 ? 10 : 8);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, fontSize);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        String text = normalize ? String.format("%.2f", values[i][j]) : Integer.toString(counts[i][j]);
        XYTextAnnotation a = new XYTextAnnotation(text, j, i);
        a.setFont(font);
        a.setPaint(values[i][j] > top / 2 ? Color.WHITE : Color.BLACK);
        plot.addAnnotation(a);
      }
    }
    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.setTitle(new TextTitle("Confusion matrix", JFreeChart.DEFAULT_TITLE_FONT));
    chart.setBackgroundPaint(Color.WHITE);
    int side = Math.max(400, Math.min(2000, 200 + 50 * n));
    write(chart, side + 100, side + 60, png);
  }

  private static void styleGrid(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
  }

  private static void write(JFreeChart chart, int width, int height, Path png) {
    AtomicFiles.writePng(chart.createBufferedImage(width, height), png);
  }

  /** White for zero to dark blue for the largest value (matplotlib's "Blues", as fastai). */
  private static final class BluesScale implements PaintScale {
    private final double upper;

    BluesScale(double upper) {
      this.upper = upper;
    }

    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return upper;
    }

    @Override
    public Paint getPaint(double value) {
      double t = Math.max(0, Math.min(1, value / upper));
      return new Color(
          mix(LIGHT_BLUE.getRed(), DARK_BLUE.getRed(), t),
          mix(LIGHT_BLUE.getGreen(), DARK_BLUE.getGreen(), t),
          mix(LIGHT_BLUE.getBlue(), DARK_BLUE.getBlue(), t));
    }

    private static int mix(int a, int b, double t) {
      return (int) Math.round(a + (b - a) * t);
    }
  }
}
