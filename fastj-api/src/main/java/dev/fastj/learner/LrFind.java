package dev.fastj.learner;

import dev.fastj.plot.LinePlot;
import dev.fastj.plot.Marker;
import dev.fastj.plot.Plots;
import dev.fastj.plot.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
  private final Suggested suggestion;

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
    suggestion = suggest(l, y);
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

  /**
   * The learning rate fastj trains at when a fit is given none ({@link Learner#fitOneCycle(int)}),
   * read off the finder's curve in one of two ways:
   * <ul>
   *   <li>When the smoothed loss falls by at least a tenth of its first kept value before its
   *       lowest point (a real valley), half of fastai's {@code minimum}: a twentieth of the rate at
   *       the lowest loss.
   *   <li>When it falls less (a flat curve: the net learned next to nothing during the finder's
   *       steps, as on data whose loss only drops after an epoch or more), the place of the
   *       lowest point is noise; the rate where the loss first rises 5% above its lowest, a
   *       hundredth of it, is used instead.
   * </ul>
   * Why not fastai's default {@code valley}: on nets trained from scratch with BatchNorm its
   * pick swung from 6e-4 to 8e-2 between data sets and between finders of 40 and 100 steps, and a
   * pick of 1.5e-3 lost up to 30 points of accuracy against 1e-2 in a 3-epoch cycle; the rule
   * above landed within a factor 3 of the best rate on every set measured (docs/training.md has
   * the table).
   */
  public double suggested() {
    return suggestion.lr();
  }

  /** How {@link #suggested()} was read off the curve, for messages. */
  public String suggestedRule() {
    return suggestion.rule();
  }

  /** {@link #suggested()} and how it was chosen. */
  record Suggested(double lr, String rule) {}

  /** The least fall of the smoothed loss, as a fraction of its first kept value, that counts as a valley. */
  static final double VALLEY_DEPTH = 0.1;

  static Suggested suggest(double[] lrs, double[] losses) {
    int best = 0;
    for (int i = 1; i < losses.length; i++) {
      if (losses[i] < losses[best]) {
        best = i;
      }
    }
    double depth = (losses[0] - losses[best]) / Math.abs(losses[0]);
    if (depth >= VALLEY_DEPTH) {
      return new Suggested(lrs[best] / 20, String.format(Locale.ROOT,
          "a twentieth of the rate at the lowest loss (half of fastai's 'minimum'): the loss fell %.0f%% to "
          + "its lowest at %.3g", 100 * depth, lrs[best]));
    }
    int rise = losses.length - 1;
    for (int i = best; i < losses.length; i++) {
      if (losses[i] > losses[best] + 0.05 * Math.abs(losses[best])) {
        rise = i;
        break;
      }
    }
    return new Suggested(lrs[rise] / 100, String.format(Locale.ROOT,
        "a hundredth of where the loss rose 5%% over its lowest, %.3g: it fell only %.0f%% (a flat curve)",
        lrs[rise], 100 * depth));
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
