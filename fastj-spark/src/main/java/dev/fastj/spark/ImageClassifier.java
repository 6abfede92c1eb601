package dev.fastj.spark;

import java.util.Arrays;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML Transformer that classifies images with a model exported by fastj
 * ({@code learn.export(path)}, {@code ./fastj train --out}): each row's image, given as a path or
 * as its bytes, gets the prediction {@code Learner.load(model).predict(image)} gives it, with the
 * batches of a partition predicted together on one ONNX Runtime session per executor.
 *
 * <pre>{@code
 * Dataset<Row> images = spark.read().format("binaryFile").load("photos/");   // path, content, ...
 * Dataset<Row> scored = new ImageClassifier().setModelPath("m.fastj").setInputCol("content")
 *     .setOutputCol("prediction").setBatchSize(64).transform(images);
 * scored.select("path", "prediction.label", "prediction.probability", "prediction_error").show();
 * }</pre>
 *
 * <p>The output is the input with two columns: {@code outputCol}, a struct of {@code label}
 * (string), {@code index} (int), {@code probability} (double, of the label) and
 * {@code probabilities} (map from class name to probability), null for an image that could not be
 * read; and {@code errorCol} ({@code outputCol + "_error"} unless set), null or why the image could
 * not be scored (a missing or corrupt file), so that one bad image does not fail the job.
 *
 * <p>The model path names a file every executor can read, or the file name of a model shipped with
 * {@code spark-submit --files m.fastj} or {@code sparkContext().addFile(path)}. The driver checks in
 * {@link #transformSchema} (and so before any job) that the file is there and is an image model's
 * export. Each executor JVM loads the model once, on its first task, shares it between its tasks,
 * and closes it when the JVM exits; docs/spark.md has the cluster setup.
 *
 * <p>Saved and read back in ML pipelines like Spark's own stages ({@link #write()},
 * {@link #load(String)}); the model file itself is not copied, only its path.
 */
public class ImageClassifier extends Transformer implements DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> modelPath;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final Param<String> errorCol;
  private final IntParam batchSize;
  private final IntParam threads;

  /** A classifier with a fresh uid and the defaults: input {@code path}, output {@code prediction}, batches of 64. */
  public ImageClassifier() {
    this(Identifiable.randomUID("fastjImageClassifier"));
  }

  /** A classifier with the given uid (how Spark copies and reads stages). */
  public ImageClassifier(String uid) {
    this.uid = uid;
    // the params need the uid, so they are made here rather than in field initializers
    modelPath = new Param<>(this, "modelPath",
        "the exported model (.fastj): a path every executor reads, or the name of a file shipped with --files");
    inputCol = new Param<>(this, "inputCol", "the column of images: paths (string) or bytes (binary)");
    outputCol = new Param<>(this, "outputCol", "the prediction column: struct of label, index, probability, "
        + "probabilities");
    errorCol = new Param<>(this, "errorCol", "why a row's image could not be scored, null when it was "
        + "(default: outputCol + \"_error\")");
    batchSize = new IntParam(this, "batchSize", "images predicted in one model call (positive)");
    threads = new IntParam(this, "threads", "ONNX Runtime intra-op threads of each executor's session "
        + "(0: ONNX Runtime's default)");
    setDefault(inputCol, "path");
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

  /** The image column (param). */
  public Param<String> inputCol() {
    return inputCol;
  }

  /** The prediction column (param). */
  public Param<String> outputCol() {
    return outputCol;
  }

  /** The error column (param). */
  public Param<String> errorCol() {
    return errorCol;
  }

  /** Images per model call (param). */
  public IntParam batchSize() {
    return batchSize;
  }

  /** ONNX Runtime intra-op threads per executor session (param). */
  public IntParam threads() {
    return threads;
  }

  /** Sets the exported model: a path every executor reads, or the name of a file shipped with {@code --files}. */
  public ImageClassifier setModelPath(String value) {
    set(modelPath, value);
    return this;
  }

  /** Sets the image column: strings (paths or {@code file:} URIs) or binary (an image file's bytes). */
  public ImageClassifier setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  /** Sets the prediction column. */
  public ImageClassifier setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  /** Sets the error column (default: the output column followed by {@code _error}). */
  public ImageClassifier setErrorCol(String value) {
    set(errorCol, value);
    return this;
  }

  /**
   * Sets how many images go into one model call (64 by default). Larger batches amortise the
   * per-call cost; each batch's images are held decoded in memory.
   */
  public ImageClassifier setBatchSize(int value) {
    if (value <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + value + "; 64 is the default");
    }
    set(batchSize, value);
    return this;
  }

  /**
   * Sets ONNX Runtime's intra-op thread count for the session of each executor (0, the default,
   * lets ONNX Runtime choose). With several tasks per executor sharing the session, the executor's
   * core count divided by its concurrent tasks avoids oversubscribing the cores.
   */
  public ImageClassifier setThreads(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("threads must be 0 (ONNX Runtime's default) or positive, got " + value);
    }
    set(threads, value);
    return this;
  }

  /** The model path, or null when not set. */
  public String getModelPath() {
    return isDefined(modelPath) ? $(modelPath) : null;
  }

  /** The image column. */
  public String getInputCol() {
    return $(inputCol);
  }

  /** The prediction column. */
  public String getOutputCol() {
    return $(outputCol);
  }

  /** The error column: the one set, or the output column followed by {@code _error}. */
  public String getErrorCol() {
    return isDefined(errorCol) ? $(errorCol) : getOutputCol() + "_error";
  }

  /** Images per model call. */
  public int getBatchSize() {
    return (Integer) $(batchSize);
  }

  /** ONNX Runtime intra-op threads per executor session (0: its default). */
  public int getThreads() {
    return (Integer) $(threads);
  }

  /**
   * The type of the prediction column: {@code label} string, {@code index} int, {@code probability}
   * double and {@code probabilities} map of class name to double.
   */
  public static StructType predictionType() {
    return new StructType()
        .add("label", DataTypes.StringType, true)
        .add("index", DataTypes.IntegerType, false)
        .add("probability", DataTypes.DoubleType, false)
        .add("probabilities", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false);
  }

  /**
   * The input schema with the prediction and error columns; checks the input column and, on the
   * driver, the model file.
   *
   * @throws IllegalArgumentException when the input column is missing or neither string nor binary,
   *     an output column already exists, or the model file is missing or not an image model
   */
  @Override
  public StructType transformSchema(StructType schema) {
    checkColumns(schema);
    ModelFile.check(getModelPath());
    return outputSchema(schema);
  }

  /**
   * Scores {@code dataset}: lazily, like every transformation, once the model is checked on the driver.
   *
   * @throws IllegalArgumentException as {@link #transformSchema} does, before any job starts
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    checkColumns(schema);
    ModelFile model = ModelFile.check(getModelPath());
    int input = schema.fieldIndex(getInputCol());
    int name = -1;
    if (schema.fields()[input].dataType().equals(DataTypes.BinaryType)
        && Arrays.asList(schema.fieldNames()).contains("path")
        && schema.apply("path").dataType().equals(DataTypes.StringType)) {
      name = schema.fieldIndex("path");
    }
    PartitionScorer scorer = new PartitionScorer(getModelPath(), model, getInputCol(), input, name,
        getBatchSize(), getThreads());
    return dataset.toDF().mapPartitions(scorer, Encoders.row(outputSchema(schema)));
  }

  @Override
  public ImageClassifier copy(ParamMap extra) {
    return (ImageClassifier) defaultCopy(extra);
  }

  /** Reads a classifier saved with {@code write().save(path)} (Spark's {@code DefaultParamsReadable}). */
  public static MLReader<ImageClassifier> read() {
    return new DefaultParamsReader<>();
  }

  /** {@code read().load(path)}. */
  public static ImageClassifier load(String path) {
    return read().load(path);
  }

  private void checkColumns(StructType schema) {
    String in = getInputCol();
    if (!Arrays.asList(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException("no input column '" + in + "'; the columns are "
          + Arrays.toString(schema.fieldNames()) + "; call setInputCol with the column of image paths or bytes");
    }
    DataType type = schema.apply(in).dataType();
    if (!type.equals(DataTypes.StringType) && !type.equals(DataTypes.BinaryType)) {
      throw new IllegalArgumentException("the input column '" + in + "' is " + type.simpleString()
          + "; ImageClassifier reads image paths (string) or image bytes (binary, as the content column of "
          + "spark.read().format(\"binaryFile\"))");
    }
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

  private StructType outputSchema(StructType schema) {
    StructField[] fields = Arrays.copyOf(schema.fields(), schema.fields().length + 2);
    fields[fields.length - 2] = DataTypes.createStructField(getOutputCol(), predictionType(), true);
    fields[fields.length - 1] = DataTypes.createStructField(getErrorCol(), DataTypes.StringType, true);
    return new StructType(fields);
  }
}
