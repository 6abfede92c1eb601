package dev.fastj.learner;

import dev.fastj.plot.LinePlot;
import dev.fastj.plot.Marker;
import dev.fastj.plot.Plots;
import dev.fastj.plot.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@link Learner#lrFind()}: the learning rates tried and the smoothed losses, and
 * fastai's suggestions computed on them. {@link #valley()} is fastai's default suggestion.
 *
 * <pre>{@code
 * LrFind found = learn.lrFind();
 * found.plot(Path.of("lr_find.png"));
 * learn.fitOneCycle(3, found.valley());
 * }</pre>
 */
public final class LrFind {

  private final double[] lrs;
  private final double[] losses;
  private final LrSuggestions.Suggestion valley;
  private final LrSuggestions.Suggestion slide;
  private final LrSuggestions.Suggestion minimum;
  private final LrSuggestions.Suggestion steep;

  /**
   * Computes the suggestions as fastai's {@code lr_find}: on the points after the first
   * {@code numIt/10} and before the last 5, cut at the first NaN loss.
   *
   * @param lrs learning rate of each step of the finder
   * @param losses smoothed loss after each step
   * @param numIt the number of iterations the finder was asked for
   */
  public LrFind(double[] lrs, double[] losses, int numIt) {
    this.lrs = lrs.clone();
    this.losses = losses.clone();
    int from = Math.min(numIt / 10, lrs.length);
    int to = Math.max(from, lrs.length - 5);
    for (int i = from; i < to; i++) {
      if (Double.isNaN(losses[i])) {
        to = i;
        break;
      }
    }
    double[] l = java.util.Arrays.copyOfRange(lrs, from, to);
    double[] y = java.util.Arrays.copyOfRange(losses, from, to);
    if (l.length == 0) {
      throw new IllegalStateException("lrFind recorded " + lrs.length + " steps, too few to suggest a learning "
          + "rate; the loss diverged at once: lower startLr or check the data");
    }
    valley = LrSuggestions.valley(l, y);
    minimum = LrSuggestions.minimum(l, y);
    steep = l.length >= 2 ? LrSuggestions.steep(l, y) : null;
    slide = l.length >= 16 ? LrSuggestions.slide(l, y) : null;
  }

  /** fastai's default suggestion, {@code valley}. */
  public double valley() {
    return valley.lr();
  }

  /** fastai's {@code slide} suggestion; NaN when fewer than 16 points were kept. */
  public double slide() {
    return slide == null ? Double.NaN : slide.lr();
  }

  /** fastai's {@code minimum} suggestion: a tenth of the learning rate at the lowest loss. */
  public double minimum() {
    return minimum.lr();
  }

  /** fastai's {@code steep} suggestion; NaN with a single point. */
  public double steep() {
    return steep == null ? Double.NaN : steep.lr();
  }

  /** All learning rates tried. */
  public double[] lrs() {
    return lrs.clone();
  }

  /** Smoothed loss after each step. */
  public double[] losses() {
    return losses.clone();
  }

  /**
   * Plots loss against learning rate (log scale, without the last 5 points, as fastai's
   * {@code plot_lr_find}) with the valley suggestion marked, into a PNG.
   */
  public void plot(Path png) {
    int n = Math.max(1, lrs.length - 5);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (Double.isFinite(losses[i])) {
        x.add(lrs[i]);
        y.add(losses[i]);
      }
    }
    Series curve = new Series("loss", x.stream().mapToDouble(Double::doubleValue).toArray(),
        y.stream().mapToDouble(Double::doubleValue).toArray());
    Plots.line(LinePlot.of("Learning Rate", "Loss", curve).withLogX(true)
        .withMarker(new Marker(valley.pointLr(), valley.pointLoss(), "valley")), png);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "SuggestedLRs(valley=%.3g, slide=%.3g, minimum=%.3g, steep=%.3g)",
        valley(), slide(), minimum(), steep());
  }
}
