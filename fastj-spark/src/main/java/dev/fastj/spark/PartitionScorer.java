package dev.fastj.spark;

import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Scores one partition: takes this JVM's loaded model ({@link ExecutorModels}), reads rows in
 * batches of {@code batchSize}, turns each into an item ({@link RowScoring#item}: a decoded image, a
 * table row), predicts the items of a batch in one call to {@link Learner#predictBatch} and appends
 * the prediction and the error column to each row. Rows are pulled as Spark asks for them, so a
 * partition is never held in memory whole.
 *
 * <p>A row that cannot be made into an item (a corrupt image, a null) gets a null prediction and
 * its reason in the error column; so does one the model refuses (a text in a continuous column),
 * found by predicting the batch's items one by one when the batch call fails. The rest of its batch
 * is scored as usual.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  private final String modelPath;
  private final String sha256;
  private final RowScoring scoring;
  private final int batchSize;
  private final int threads;

  PartitionScorer(String modelPath, String sha256, RowScoring scoring, int batchSize, int threads) {
    this.modelPath = modelPath;
    this.sha256 = sha256;
    this.scoring = scoring;
    this.batchSize = batchSize;
    this.threads = threads;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    if (!rows.hasNext()) {
      return rows;
    }
    ExecutorModels.Lease lease = ExecutorModels.acquire(ModelFile.locate(modelPath), sha256, threads);
    TaskContext task = TaskContext.get();
    if (task != null) {
      // a partition not read to its end (a limit, a failed task) still gives its lease back
      task.addTaskCompletionListener((TaskCompletionListener) ctx -> lease.close());
    }
    return new Scored(rows, lease);
  }

  /** The scored rows of a partition, a batch at a time. */
  private final class Scored implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final ExecutorModels.Lease lease;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private long rowNumber;

    Scored(Iterator<Row> rows, ExecutorModels.Lease lease) {
      this.rows = rows;
      this.lease = lease;
    }

    @Override
    public boolean hasNext() {
      if (ready.isEmpty() && rows.hasNext()) {
        scoreBatch();
      }
      if (ready.isEmpty()) {
        lease.close();
        return false;
      }
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more rows in this partition");
      }
      return ready.poll();
    }

    private void scoreBatch() {
      List<Row> batch = new ArrayList<>(batchSize);
      while (batch.size() < batchSize && rows.hasNext()) {
        batch.add(rows.next());
      }
      String[] errors = new String[batch.size()];
      List<Object> items = new ArrayList<>(batch.size());
      List<Integer> prepared = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        try {
          items.add(scoring.item(batch.get(i), rowNumber + i));
          prepared.add(i);
        } catch (RuntimeException e) {
          errors[i] = message(e);
        }
      }
      Prediction[] preds = new Prediction[batch.size()];
      predict(items, prepared, preds, errors);
      for (int i = 0; i < batch.size(); i++) {
        ready.add(withPrediction(batch.get(i), preds[i], errors[i]));
      }
      rowNumber += batch.size();
    }

    /** One model call for the batch; if it fails, each item alone, so that only the bad one gets an error. */
    private void predict(List<Object> items, List<Integer> rowsOf, Prediction[] preds, String[] errors) {
      if (items.isEmpty()) {
        return;
      }
      Learner learner = lease.learner();
      try {
        List<Prediction> out = learner.predictBatch(items);
        for (int j = 0; j < out.size(); j++) {
          preds[rowsOf.get(j)] = out.get(j);
        }
        return;
      } catch (RuntimeException batchFailed) {
        if (items.size() == 1) {
          errors[rowsOf.get(0)] = message(batchFailed);
          return;
        }
      }
      for (int j = 0; j < items.size(); j++) {
        try {
          preds[rowsOf.get(j)] = learner.predictBatch(List.of(items.get(j))).get(0);
        } catch (RuntimeException e) {
          errors[rowsOf.get(j)] = message(e);
        }
      }
    }
  }

  /** The input row with the prediction (a struct, or null) and the error (or null) appended. */
  private Row withPrediction(Row row, Prediction p, String error) {
    Object[] values = new Object[row.length() + 2];
    for (int i = 0; i < row.length(); i++) {
      values[i] = row.get(i);
    }
    values[row.length()] = p == null ? null : scoring.value(p);
    values[row.length() + 1] = p == null ? error : null;
    return RowFactory.create(values);
  }

  private static String message(RuntimeException e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  /** The partition this task scores, or -1 outside a task (for messages). */
  static int partition() {
    TaskContext task = TaskContext.get();
    return task == null ? -1 : task.partitionId();
  }
}
