package dev.fastj.metrics;

/**
 * A multi-label metric that predicts a tag when its probability exceeds a threshold
 * ({@link Metrics#accuracyMulti}, {@link Metrics#fbeta}), so that it can be scored again at other
 * thresholds on predictions already made: what choosing the threshold on the validation set
 * ({@code Learner.optimizeThreshold}) sweeps, as fastai's planet lesson does with
 * {@code accuracy_multi(preds, targs, thresh=i, sigmoid=False)} over a range of {@code i}.
 */
public interface ThresholdMetric extends Metric {

  /** The threshold this metric compares probabilities with (fastai's {@code thresh}). */
  double thresh();

  /**
   * The same metric at threshold {@code t}, reading outputs that are already probabilities
   * (fastai's {@code sigmoid=False}), such as {@code learn.getPreds().probabilities()}.
   */
  ThresholdMetric onProbabilities(double t);
}
