package dev.fastj.metrics;

import dev.fastj.data.TensorData;

/**
 * A validation metric as a typed accumulator: a fresh {@link #newAccumulator} before an epoch, {@link Accumulator#accumulate}
 * each batch with the raw model outputs and the targets, {@link Accumulator#value} at the end. Mirrors
 * fastai's {@code AccumMetric}/{@code Metric}. Implementations are not thread-safe; a fresh
 * accumulator comes from {@link #newAccumulator} so one Metric can serve several learners.
 */
public interface Metric {

  /** fastai's column name, such as {@code accuracy} or {@code error_rate}. */
  String name();

  /** A fresh accumulator. */
  Accumulator newAccumulator();

  /** Running state of one evaluation. */
  interface Accumulator {
    /** Adds one batch: raw outputs (before activation) and the target, batch dimension first. */
    void accumulate(TensorData rawOutput, TensorData target);

    /** The metric over everything accumulated. */
    double value();
  }
}
