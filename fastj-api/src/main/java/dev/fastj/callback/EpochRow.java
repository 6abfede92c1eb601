package dev.fastj.callback;

/**
 * One row of fastai's epoch table: the epoch, the smoothed training loss at its end, the
 * validation loss, the value of each metric and the epoch's wall time. NaN marks a value that
 * was not computed (validation cancelled or empty).
 *
 * @param epoch epoch index, from 0
 * @param trainLoss the Recorder's smoothed training loss at the end of the epoch
 * @param validLoss mean validation loss over items
 * @param metrics metric values, in the Learner's metric order
 * @param seconds wall time of the epoch
 */
public record EpochRow(int epoch, double trainLoss, double validLoss, double[] metrics, double seconds) {

  /** Copies the metrics. */
  public EpochRow {
    metrics = metrics.clone();
  }

  /** A copy of the metric values. */
  @Override
  public double[] metrics() {
    return metrics.clone();
  }

  /**
   * The values after the epoch column, as fastai's {@code recorder.values}: train loss, valid
   * loss, then the metrics.
   */
  public double[] values() {
    double[] v = new double[2 + metrics.length];
    v[0] = trainLoss;
    v[1] = validLoss;
    System.arraycopy(metrics, 0, v, 2, metrics.length);
    return v;
  }
}
