package dev.fastj.spark;

import dev.fastj.learner.ExportInfo;
import dev.fastj.learner.Prediction;
import dev.fastj.vision.image.Images;
import java.util.Arrays;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
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
 * <p>Its params besides {@code inputCol}, and how it runs, are those of every fastj transformer
 * ({@link ModelTransformer}); {@link TabularPredictor} scores table rows and {@link TextClassifier}
 * texts the same way.
 *
 * <p>Saved and read back in ML pipelines like Spark's own stages ({@link #write()},
 * {@link #load(String)}); the model file itself is not copied, only its path.
 */
public final class ImageClassifier extends ModelTransformer<ImageClassifier> {

  private static final long serialVersionUID = 1L;
  private static final String EXPECTED = "the export of an image classifier (learn.export(path) of a VisionLearner, "
      + "or ./fastj train --out MODEL)";

  private final Param<String> inputCol;

  /** A classifier with a fresh uid and the defaults: input {@code path}, output {@code prediction}, batches of 64. */
  public ImageClassifier() {
    this(Identifiable.randomUID("fastjImageClassifier"));
  }

  /** A classifier with the given uid (how Spark copies and reads stages). */
  public ImageClassifier(String uid) {
    super(uid, "the prediction column: struct of label, index, probability, probabilities",
        "images predicted in one model call (positive)");
    inputCol = new Param<>(this, "inputCol", "the column of images: paths (string) or bytes (binary)");
    setDefault(inputCol, "path");
  }

  /** The image column (param). */
  public Param<String> inputCol() {
    return inputCol;
  }

  /** Sets the image column: strings (paths or {@code file:} URIs) or binary (an image file's bytes). */
  public ImageClassifier setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  /** The image column. */
  public String getInputCol() {
    return $(inputCol);
  }

  /**
   * The type of the prediction column: {@code label} string, {@code index} int, {@code probability}
   * double and {@code probabilities} map of class name to double.
   */
  public static StructType predictionType() {
    return PredictionRows.classificationType();
  }

  @Override
  Plan plan(StructType schema) {
    checkColumns(schema);
    ModelFile model = ModelFile.read(getModelPath(), "ImageClassifier", EXPECTED);
    ExportInfo info = model.info();
    if (!ExportInfo.IMAGE.equals(info.inputKind())) {
      String why = ExportInfo.TENSOR.equals(info.inputKind())
          ? "it records no input transforms (" + info.inputUnavailable() + ")"
          : ModelFile.otherKind(info.inputKind(), ExportInfo.IMAGE);
      throw ModelFile.refused("ImageClassifier", model.file(), why, EXPECTED);
    }
    if (!info.isClassifier()) {
      throw ModelFile.refused("ImageClassifier", model.file(), "it has no classes (a regression or point model)",
          EXPECTED);
    }
    int input = schema.fieldIndex(getInputCol());
    int name = -1;
    if (schema.fields()[input].dataType().equals(DataTypes.BinaryType)
        && Arrays.asList(schema.fieldNames()).contains("path")
        && schema.apply("path").dataType().equals(DataTypes.StringType)) {
      name = schema.fieldIndex("path");
    }
    return new Plan(model, new ImageRows(getInputCol(), input, name, info.imageTransforms().grey()),
        predictionType());
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
    DataType type = inputType(schema, in, "image paths or bytes");
    if (!type.equals(DataTypes.StringType) && !type.equals(DataTypes.BinaryType)) {
      throw new IllegalArgumentException("the input column '" + in + "' is " + type.simpleString()
          + "; ImageClassifier reads image paths (string) or image bytes (binary, as the content column of "
          + "spark.read().format(\"binaryFile\"))");
    }
    checkOutputColumns(schema);
  }

  /** A row's image, read from its path or decoded from its bytes. */
  private record ImageRows(String inputCol, int inputIndex, int nameIndex, boolean grey) implements RowScoring {

    @Override
    public Object item(Row row, long number) {
      if (row.isNullAt(inputIndex)) {
        throw new IllegalArgumentException("the column '" + inputCol + "' is null; give an image path or the "
            + "bytes of an image");
      }
      Object value = row.get(inputIndex);
      if (value instanceof String path) {
        return Images.read(ModelFile.localPath(path), grey);
      }
      // binaryFile's path column names the bytes in messages, when there is one
      String name = nameIndex >= 0 && !row.isNullAt(nameIndex) ? row.getString(nameIndex)
          : "row " + number + " of partition " + PartitionScorer.partition();
      return Images.decode((byte[]) value, name, grey);
    }

    @Override
    public Object value(Prediction p) {
      return PredictionRows.classification(p);
    }
  }
}
