package dev.fastj.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.TensorData;

/**
 * fastai's built-in metrics. Each reads the model's raw outputs (FLOAT32, before the loss's
 * activation) and the targets (INT64 class indices, or FLOAT32), accumulates over the whole
 * validation set, and gives the value over all of it (fastai's {@code AccumMetric}). A value over
 * nothing accumulated is NaN.
 *
 * <pre>{@code
 * Learner learn = VisionLearner.create(dls, Arch.resnet18(), Metrics.errorRate());
 * Metric f2 = Metrics.fbeta(2, 0.2, Metrics.Average.SAMPLES, true);   // planet
 * }</pre>
 */
public final class Metrics {

  private Metrics() {}

  /** How {@link #fbeta} averages over a multi-label batch, as scikit-learn's {@code average}. */
  public enum Average {
    /** The F-beta of each item, averaged over items ({@code average='samples'}, fastai's default). */
    SAMPLES,
    /** The F-beta of each class over all items, averaged over classes ({@code average='macro'}). */
    MACRO
  }

  /**
   * {@code accuracy}: the fraction of positions where the argmax over the class axis (axis 1) of
   * {@code [N, C]} (or {@code [N, C, H, W]}) outputs equals the target index.
   */
  public static Metric accuracy() {
    return new ArgmaxMetrics.Accuracy("accuracy", false);
  }

  /** {@code error_rate}: {@code 1 - accuracy}. */
  public static Metric errorRate() {
    return new ArgmaxMetrics.Accuracy("error_rate", true);
  }

  /**
   * {@code accuracy_multi(thresh=0.5, sigmoid=True)}: for multi-label outputs {@code [N, C]} and 0/1
   * targets, the fraction of all N*C entries where {@code (sigmoid(out) > thresh) == (target != 0)}.
   */
  public static ThresholdMetric accuracyMulti(double thresh, boolean sigmoid) {
    return new MultiLabelMetrics.AccuracyMulti(thresh, sigmoid);
  }

  /** {@link #accuracyMulti(double, boolean)} with fastai's defaults: threshold 0.5, sigmoid. */
  public static ThresholdMetric accuracyMulti() {
    return accuracyMulti(0.5, true);
  }

  /**
   * fastai's {@code FBetaMulti(beta, thresh, average, sigmoid)}, named {@code fbeta_score}: scikit-learn's
   * {@code fbeta_score} on {@code sigmoid(out) > thresh} against 0/1 targets. An F-beta with no true
   * and no predicted positive is 0 (scikit-learn's {@code zero_division}).
   */
  public static ThresholdMetric fbeta(double beta, double thresh, Average average, boolean sigmoid) {
    checkArgument(beta > 0, "fbeta beta must be positive, got %s", beta);
    checkArgument(average != null, "fbeta average is null; use Average.SAMPLES");
    return new MultiLabelMetrics.FBeta(beta, thresh, average, sigmoid);
  }

  /** {@code FBetaMulti(beta)}: threshold 0.5, samples average, sigmoid. */
  public static ThresholdMetric fbeta(double beta) {
    return fbeta(beta, 0.5, Average.SAMPLES, true);
  }

  /**
   * fastai's binary {@code Dice} (named {@code dice}) for segmentation: with {@code p} the argmax over
   * axis 1 of {@code [N, C, H, W]} outputs and {@code t} the {@code [N, H, W]} targets, both 0/1
   * masks, {@code 2 sum(p*t) / sum(p+t)} over the whole set. Meant for two classes; use
   * {@link #diceMulti()} for more.
   */
  public static Metric dice() {
    return new SegmentationMetrics.BinaryOverlap("dice", false);
  }

  /**
   * fastai's {@code DiceMulti} (named {@code dice_multi}): the Dice coefficient of each class
   * ({@code 2 |p=c and t=c| / (|p=c| + |t=c|)}) over the whole set, averaged over the classes that
   * occur in the predictions or targets.
   */
  public static Metric diceMulti() {
    return new SegmentationMetrics.MultiOverlap("dice_multi", false);
  }

  /**
   * fastai's binary {@code JaccardCoeff} (named {@code jaccard_coeff}): {@code sum(p*t) / (sum(p+t) -
   * sum(p*t))} for 0/1 masks, as {@link #dice()}.
   */
  public static Metric jaccard() {
    return new SegmentationMetrics.BinaryOverlap("jaccard_coeff", true);
  }

  /**
   * fastai's {@code JaccardCoeffMulti} (named {@code jaccard_coeff_multi}): the intersection over
   * union of each class over the whole set, averaged over the classes that occur.
   */
  public static Metric jaccardMulti() {
    return new SegmentationMetrics.MultiOverlap("jaccard_coeff_multi", true);
  }

  /**
   * fastai's {@code foreground_acc(bkg_idx=voidCode)}: pixel accuracy of the argmax over axis 1,
   * ignoring pixels whose target is {@code voidCode} (the background, or camvid's void code as in
   * {@code acc_camvid}). Targets {@code [N, H, W]} or {@code [N, 1, H, W]}.
   */
  public static Metric foregroundAcc(int voidCode) {
    return new ArgmaxMetrics.ForegroundAccuracy(voidCode);
  }

  /** {@code foreground_acc} with background index 0. */
  public static Metric foregroundAcc() {
    return foregroundAcc(0);
  }

  /**
   * fastai's {@code rmse} (named {@code rmse}; fastai shows {@code _rmse}): the square root of the mean
   * squared difference over every output value.
   */
  public static Metric rmse() {
    return new RegressionMetrics("rmse", true);
  }

  /** fastai's {@code mae}: the mean absolute difference over every output value. */
  public static Metric mae() {
    return new RegressionMetrics("mae", false);
  }

  /** The value of {@code metric} over one batch: a shortcut for tests and one-off checks. */
  public static double compute(Metric metric, TensorData rawOutput, TensorData target) {
    Metric.Accumulator acc = metric.newAccumulator();
    acc.accumulate(rawOutput, target);
    return acc.value();
  }
}
