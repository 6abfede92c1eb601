package dev.fastj.spark;

import java.util.Arrays;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What fastj's Spark ML Transformers share: the params of an exported model, its output and error
 * columns, batches and threads, and the way they score. Each transformer checks its model and its
 * input columns on the driver ({@link #transformSchema}, and {@link #transform} before any job) and
 * appends two columns: {@code outputCol}, the prediction (null for a row that could not be scored),
 * and {@code errorCol}, null or why not. The rows of a partition are scored {@code batchSize} at a
 * time on the one ONNX Runtime session of the executor's JVM, loaded on its first task and closed at
 * its shutdown.
 *
 * @param <T> the transformer, which the setters return
 */
public abstract sealed class ModelTransformer<T extends ModelTransformer<T>> extends Transformer
    implements DefaultParamsWritable permits ImageClassifier, TabularPredictor, TextClassifier {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> modelPath;
  private final Param<String> outputCol;
  private final Param<String> errorCol;
  private final IntParam batchSize;
  private final IntParam threads;

  /** The params, made here because they need the uid; {@code outputDoc} says what the prediction holds. */
  ModelTransformer(String uid, String outputDoc, String batchDoc) {
    this.uid = uid;
    modelPath = new Param<>(this, "modelPath",
        "the exported model (.fastj): a path every executor reads, or the name of a file shipped with --files");
    outputCol = new Param<>(this, "outputCol", outputDoc);
    errorCol = new Param<>(this, "errorCol", "why a row could not be scored, null when it was "
        + "(default: outputCol + \"_error\")");
    batchSize = new IntParam(this, "batchSize", batchDoc);
    threads = new IntParam(this, "threads", "ONNX Runtime intra-op threads of each executor's session "
        + "(0: ONNX Runtime's default)");
    setDefault(outputCol, "prediction");
    setDefault(batchSize, 64);
    setDefault(threads, 0);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The exported model's path (param). */
  public Param<String> modelPath() {
    return modelPath;
  }

  /** The prediction column (param). */
  public Param<String> outputCol() {
    return outputCol;
  }

  /** The error column (param). */
  public Param<String> errorCol() {
    return errorCol;
  }

  /** Rows per model call (param). */
  public IntParam batchSize() {
    return batchSize;
  }

  /** ONNX Runtime intra-op threads per executor session (param). */
  public IntParam threads() {
    return threads;
  }

  /** Sets the exported model: a path every executor reads, or the name of a file shipped with {@code --files}. */
  public T setModelPath(String value) {
    set(modelPath, value);
    return self();
  }

  /** Sets the prediction column ({@code prediction} by default). */
  public T setOutputCol(String value) {
    set(outputCol, value);
    return self();
  }

  /** Sets the error column (default: the output column followed by {@code _error}). */
  public T setErrorCol(String value) {
    set(errorCol, value);
    return self();
  }

  /**
   * Sets how many rows go into one model call (64 by default). Larger batches amortise the
   * per-call cost; each batch's inputs are held prepared in memory.
   */
  public T setBatchSize(int value) {
    if (value <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + value + "; 64 is the default");
    }
    set(batchSize, value);
    return self();
  }

  /**
   * Sets ONNX Runtime's intra-op thread count for the session of each executor (0, the default,
   * lets ONNX Runtime choose). With several tasks per executor sharing the session, the executor's
   * core count divided by its concurrent tasks avoids oversubscribing the cores.
   */
  public T setThreads(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("threads must be 0 (ONNX Runtime's default) or positive, got " + value);
    }
    set(threads, value);
    return self();
  }

  /** The model path, or null when not set. */
  public String getModelPath() {
    return isDefined(modelPath) ? $(modelPath) : null;
  }

  /** The prediction column. */
  public String getOutputCol() {
    return $(outputCol);
  }

  /** The error column: the one set, or the output column followed by {@code _error}. */
  public String getErrorCol() {
    return isDefined(errorCol) ? $(errorCol) : getOutputCol() + "_error";
  }

  /** Rows per model call. */
  public int getBatchSize() {
    return (Integer) $(batchSize);
  }

  /** ONNX Runtime intra-op threads per executor session (0: its default). */
  public int getThreads() {
    return (Integer) $(threads);
  }

  /**
   * The input schema with the prediction and error columns, after checking, on the driver, the
   * model file and the input columns.
   *
   * @throws IllegalArgumentException when the model file is missing or of another kind, an input
   *     column is missing or of a type the model cannot read, or an output column already exists;
   *     the message names the file or the column and says what to do
   */
  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, plan(schema).predictionType());
  }

  /**
   * Scores {@code dataset}: lazily, like every transformation, once the model and the columns are
   * checked on the driver.
   *
   * @throws IllegalArgumentException as {@link #transformSchema} does, before any job starts
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    Plan plan = plan(schema);
    PartitionScorer scorer = new PartitionScorer(getModelPath(), plan.model().sha256(), plan.rows(), getBatchSize(),
        getThreads());
    return dataset.toDF().mapPartitions(scorer, Encoders.row(outputSchema(schema, plan.predictionType())));
  }

  /**
   * Checks the model and the columns of {@code schema} on the driver, and says how its rows are
   * scored: the checked model, how a row becomes an item and a prediction a value, and the type of
   * that value.
   */
  abstract Plan plan(StructType schema);

  /** What {@link #plan} found. */
  record Plan(ModelFile model, RowScoring rows, DataType predictionType) {}

  /**
   * The type of the input column {@code col}, after checking that {@code schema} has it;
   * {@code holding} says what the column should hold ({@code "texts"}), for the message.
   */
  static DataType inputType(StructType schema, String col, String holding) {
    if (!Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException("no input column '" + col + "'; the columns are "
          + Arrays.toString(schema.fieldNames()) + "; call setInputCol with the column of " + holding);
    }
    return schema.apply(col).dataType();
  }

  /** Refuses output columns that exist already, or that are one column. */
  final void checkOutputColumns(StructType schema) {
    for (String out : new String[] {getOutputCol(), getErrorCol()}) {
      if (Arrays.asList(schema.fieldNames()).contains(out)) {
        throw new IllegalArgumentException("the output column '" + out + "' already exists; choose another "
            + "name with setOutputCol or setErrorCol, or drop it first");
      }
    }
    if (getOutputCol().equals(getErrorCol())) {
      throw new IllegalArgumentException("the output and error columns are both '" + getOutputCol()
          + "'; give them different names");
    }
  }

  private StructType outputSchema(StructType schema, DataType predictionType) {
    StructField[] fields = Arrays.copyOf(schema.fields(), schema.fields().length + 2);
    fields[fields.length - 2] = DataTypes.createStructField(getOutputCol(), predictionType, true);
    fields[fields.length - 1] = DataTypes.createStructField(getErrorCol(), DataTypes.StringType, true);
    return new StructType(fields);
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }
}
