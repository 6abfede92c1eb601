package dev.fastj.spark;

import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.image.Images;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Scores one partition: takes this JVM's loaded model ({@link ExecutorModels}), reads rows in
 * batches of {@code batchSize}, decodes each image, predicts the decoded images of a batch in one
 * call to {@link Learner#predictBatch} and appends the prediction and the error column to each row.
 * Rows are pulled as Spark asks for them, so a partition is never held in memory whole.
 *
 * <p>An image that cannot be read (missing, corrupt, null) gets a null prediction and its reason in
 * the error column; the rest of its batch is scored as usual.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  private final String modelPath;
  private final String sha256;
  private final boolean grey;
  private final String inputCol;
  private final int inputIndex;
  /** The column that names a row's bytes in error messages (binaryFile's {@code path}), or -1. */
  private final int nameIndex;
  private final int batchSize;
  private final int threads;

  PartitionScorer(String modelPath, ModelFile checked, String inputCol, int inputIndex, int nameIndex,
      int batchSize, int threads) {
    this.modelPath = modelPath;
    this.sha256 = checked.sha256();
    this.grey = checked.grey();
    this.inputCol = inputCol;
    this.inputIndex = inputIndex;
    this.nameIndex = nameIndex;
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
      List<ImageTensor> images = new ArrayList<>(batch.size());
      List<Integer> decoded = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        try {
          images.add(decode(batch.get(i), rowNumber + i));
          decoded.add(i);
        } catch (RuntimeException e) {
          errors[i] = message(e);
        }
      }
      Prediction[] preds = new Prediction[batch.size()];
      predict(images, decoded, preds, errors);
      for (int i = 0; i < batch.size(); i++) {
        ready.add(withPrediction(batch.get(i), preds[i], errors[i]));
      }
      rowNumber += batch.size();
    }

    /** One model call for the batch; if it fails, each image alone, so that only the bad one gets an error. */
    private void predict(List<ImageTensor> images, List<Integer> rowsOf, Prediction[] preds, String[] errors) {
      if (images.isEmpty()) {
        return;
      }
      Learner learner = lease.learner();
      try {
        List<Prediction> out = learner.predictBatch(images);
        for (int j = 0; j < out.size(); j++) {
          preds[rowsOf.get(j)] = out.get(j);
        }
        return;
      } catch (RuntimeException batchFailed) {
        if (images.size() == 1) {
          errors[rowsOf.get(0)] = message(batchFailed);
          return;
        }
      }
      for (int j = 0; j < images.size(); j++) {
        try {
          preds[rowsOf.get(j)] = learner.predictBatch(List.of(images.get(j))).get(0);
        } catch (RuntimeException e) {
          errors[rowsOf.get(j)] = message(e);
        }
      }
    }

    private ImageTensor decode(Row row, long number) {
      if (row.isNullAt(inputIndex)) {
        throw new IllegalArgumentException("the column '" + inputCol + "' is null; give an image path or the "
            + "bytes of an image");
      }
      Object value = row.get(inputIndex);
      if (value instanceof String path) {
        return Images.read(ModelFile.localPath(path), grey);
      }
      String name = nameIndex >= 0 && !row.isNullAt(nameIndex) ? row.getString(nameIndex)
          : "row " + number + " of partition " + partition();
      return Images.decode((byte[]) value, name, grey);
    }
  }

  /** The input row with the prediction (a struct, or null) and the error (or null) appended. */
  private static Row withPrediction(Row row, Prediction p, String error) {
    Object[] values = new Object[row.length() + 2];
    for (int i = 0; i < row.length(); i++) {
      values[i] = row.get(i);
    }
    values[row.length()] = p == null ? null : struct(p);
    values[row.length() + 1] = p == null ? error : null;
    return RowFactory.create(values);
  }

  private static Row struct(Prediction p) {
    List<String> classes = p.classes();
    float[] probs = p.probabilities();
    Map<String, Double> byClass = new LinkedHashMap<>();
    for (int i = 0; i < probs.length; i++) {
      byClass.put(classes.get(i), (double) probs[i]);
    }
    return RowFactory.create(p.label(), p.index(), (double) probs[p.index()], CollectionConverters.asScala(byClass));
  }

  private static String message(RuntimeException e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private static int partition() {
    TaskContext task = TaskContext.get();
    return task == null ? -1 : task.partitionId();
  }
}
