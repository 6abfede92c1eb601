package dev.fastj.spark;

import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import java.io.Serializable;
import org.apache.spark.sql.Row;

/**
 * What a transformer tells {@link PartitionScorer}: how an input row becomes the item that
 * {@link Learner#predictBatch} takes, and how a prediction becomes the value of the output column.
 * Shipped to the executors with the scorer, so it holds only what it needs (column indices, flags).
 */
interface RowScoring extends Serializable {

  /**
   * The item of {@code row}, the {@code number}-th of its partition.
   *
   * @throws RuntimeException when the row cannot be scored; its message goes to the error column
   */
  Object item(Row row, long number);

  /** The output column's value for a prediction (a struct, as the transformer's schema says). */
  Object value(Prediction p);
}
