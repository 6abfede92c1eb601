package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.TensorData;
import dev.fastj.metrics.Metric;
import dev.fastj.metrics.ThresholdMetric;
import dev.fastj.plot.LinePlot;
import dev.fastj.plot.Marker;
import dev.fastj.plot.Plots;
import dev.fastj.plot.Series;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A multi-label metric scored at every threshold from 0.05 to 0.95 in steps of 0.01 on
 * predictions already made (usually the validation set's), and the threshold that scores best:
 * fastai's planet practice of trying {@code accuracy_multi(preds, targs, thresh=i, sigmoid=False)}
 * over {@code torch.linspace(0.05, 0.95, 29)} and keeping the best, as one call. On ties the
 * lowest threshold wins. {@link Learner#optimizeThreshold} runs it and keeps the threshold for
 * {@code predict} and the export.
 *
 * <pre>{@code
 * ThresholdSearch s = learn.optimizeThreshold(Metrics.fbeta(2, 0.2, Metrics.Average.SAMPLES, true));
 * s.best();            // 0.27, now learn.threshold()
 * s.plot(Path.of("thresholds.png"));
 * }</pre>
 *
 * @param metric the metric's name
 * @param thresholds the thresholds tried, increasing
 * @param scores the metric at each threshold
 * @param before the metric's own threshold
 * @param scoreBefore the metric at its own threshold
 */
public record ThresholdSearch(String metric, double[] thresholds, double[] scores, double before, double scoreBefore) {

  /** The first and last thresholds tried and the step between them. */
  static final double FROM = 0.05;
  static final double TO = 0.95;
  static final double STEP = 0.01;

  /** Copies the arrays. */
  public ThresholdSearch {
    thresholds = thresholds.clone();
    scores = scores.clone();
    checkArgument(thresholds.length == scores.length && thresholds.length > 0,
        "need one score per threshold, got %s thresholds and %s scores", thresholds.length, scores.length);
  }

  /**
   * Scores {@code metric} at each threshold on {@code probabilities} (rows of sigmoid outputs,
   * {@code learn.getPreds().probabilities()}) against 0/1 {@code targets} of the same shape.
   *
   * @throws IllegalArgumentException when there are no rows or the shapes differ
   */
  public static ThresholdSearch of(ThresholdMetric metric, float[][] probabilities, float[][] targets) {
    checkArgument(probabilities.length > 0, "no predictions to choose a threshold on; the validation set is empty");
    checkArgument(targets.length == probabilities.length, "%s rows of predictions but %s of targets",
        probabilities.length, targets.length);
    int c = probabilities[0].length;
    float[] p = new float[probabilities.length * c];
    float[] t = new float[p.length];
    for (int i = 0; i < probabilities.length; i++) {
      checkArgument(probabilities[i].length == c && targets[i].length == c, "row %s has %s predictions and %s "
          + "targets, the first row %s; threshold search needs multi-label rows (one 0/1 target per tag)", i,
          probabilities[i].length, targets[i].length, c);
      System.arraycopy(probabilities[i], 0, p, i * c, c);
      System.arraycopy(targets[i], 0, t, i * c, c);
    }
    TensorData out = TensorData.ofFloats(p, probabilities.length, c);
    TensorData target = TensorData.ofFloats(t, probabilities.length, c);
    int n = (int) Math.round((TO - FROM) / STEP) + 1;
    double[] ths = new double[n];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      ths[i] = Math.round((FROM + i * STEP) * 100) / 100.0;
      scores[i] = score(metric.onProbabilities(ths[i]), out, target);
    }
    return new ThresholdSearch(metric.name(), ths, scores, metric.thresh(),
        score(metric.onProbabilities(metric.thresh()), out, target));
  }

  private static double score(Metric m, TensorData out, TensorData target) {
    Metric.Accumulator acc = m.newAccumulator();
    acc.accumulate(out, target);
    return acc.value();
  }

  private int bestIndex() {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The threshold with the highest score (the lowest of equal ones). */
  public double best() {
    return thresholds[bestIndex()];
  }

  /** The score at {@link #best()}. */
  public double bestScore() {
    return scores[bestIndex()];
  }

  @Override
  public double[] thresholds() {
    return thresholds.clone();
  }

  @Override
  public double[] scores() {
    return scores.clone();
  }

  /** The metric against the threshold, the best one marked, into a PNG. */
  public void plot(Path png) {
    Plots.line(LinePlot.of("Threshold", metric, new Series(metric, thresholds, scores))
        .withMarker(new Marker(best(), bestScore(), String.format(Locale.ROOT, "best %.2f", best()))), png);
  }

  /** {@code fbeta_score: best threshold 0.27 (0.8512), 0.2 gave 0.8433}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s: best threshold %.2f (%.4f), %.2f gave %.4f", metric, best(), bestScore(),
        before, scoreBefore);
  }
}
