package dev.fastj.spark;

import dev.fastj.learner.ExportInfo;
import dev.fastj.learner.Prediction;
import dev.fastj.text.TextRecipe;
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
 * A Spark ML Transformer that classifies texts with a text classifier exported by fastj
 * ({@code learn.export(path)} of {@code TextLearner.classifier}, {@code ./fastj train-text --out}):
 * each row's text gets the prediction {@code Learner.load(model).predict(text)} gives it, with the
 * batches of a partition predicted together on one ONNX Runtime session per executor.
 *
 * <pre>{@code
 * // one row per file, its whole text in the column "value"
 * Dataset<Row> mails = spark.read().option("wholetext", true).text("mail/")
 *     .withColumn("file", functions.input_file_name());
 * Dataset<Row> scored = new TextClassifier().setModelPath("spam.fastj").setInputCol("value")
 *     .setOutputCol("prediction").setBatchSize(64).transform(mails);
 * scored.select("file", "prediction.label", "prediction.probability", "prediction_error").show();
 * }</pre>
 *
 * <p>The input column holds the texts themselves, as strings; it does not read paths of
 * {@code .txt} files (a string is always a text, as in {@code predict(String)}). Files are read
 * with Spark's text source: {@code spark.read().text(dir)} gives a row per line,
 * {@code .option("wholetext", true)} a row per file. Each text is tokenized with the model's
 * tokenizer rules and vocab, and its last {@code max_len} tokens are classified, as at predict time.
 *
 * <p>The output is the input with two columns: {@code outputCol}, the struct of {@link ImageClassifier}
 * ({@code label}, {@code index}, {@code probability}, and {@code probabilities}, a map from class
 * to probability), and {@code errorCol} ({@code outputCol + "_error"} unless set), null or why the
 * row could not be scored. A null text gives a null prediction and an error; an empty string is a
 * text like any other and gets the prediction {@code predict("")} gives.
 * {@link #transformSchema} checks on the driver, before any job and without building a session,
 * that the model is a text classifier's export and that the input column is a string column.
 *
 * <p>The model file, the other params ({@code outputCol}, {@code errorCol}, {@code batchSize},
 * {@code threads}) and how it runs are those of every fastj transformer ({@link ModelTransformer});
 * docs/spark.md has the cluster setup.
 */
public final class TextClassifier extends ModelTransformer<TextClassifier> {

  private static final long serialVersionUID = 1L;
  private static final String SCORER = "TextClassifier";
  private static final String EXPECTED = "the export of a text classifier (learn.export(path) of "
      + "TextLearner.classifier, or ./fastj train-text --out MODEL)";

  private final Param<String> inputCol;

  /** A classifier with a fresh uid and the defaults: input {@code text}, output {@code prediction}, batches of 64. */
  public TextClassifier() {
    this(Identifiable.randomUID("fastjTextClassifier"));
  }

  /** A classifier with the given uid (how Spark copies and reads stages). */
  public TextClassifier(String uid) {
    super(uid, "the prediction column: struct of label, index, probability, probabilities",
        "texts predicted in one model call (positive)");
    inputCol = new Param<>(this, "inputCol", "the column of texts (string)");
    setDefault(inputCol, "text");
  }

  /** The text column (param). */
  public Param<String> inputCol() {
    return inputCol;
  }

  /** Sets the column of texts (strings: the texts themselves, not file paths). */
  public TextClassifier setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  /** The text column. */
  public String getInputCol() {
    return $(inputCol);
  }

  @Override
  Plan plan(StructType schema) {
    String in = getInputCol();
    DataType type = inputType(schema, in, "texts");
    if (!type.equals(DataTypes.StringType)) {
      throw new IllegalArgumentException("the input column '" + in + "' is " + type.simpleString() + "; " + SCORER
          + " reads texts (string): cast it, or read text files with spark.read().text(dir) (a row per line) or "
          + "spark.read().option(\"wholetext\", true).text(dir) (a row per file)");
    }
    checkOutputColumns(schema);
    ModelFile model = ModelFile.read(getModelPath(), SCORER, EXPECTED);
    ExportInfo info = model.info();
    if (!TextRecipe.KIND.equals(info.inputKind())) {
      throw ModelFile.refused(SCORER, model.file(), ModelFile.otherKind(info.inputKind(), TextRecipe.KIND),
          EXPECTED);
    }
    return new Plan(model, new TextRows(in, schema.fieldIndex(in)), PredictionRows.classificationType());
  }

  @Override
  public TextClassifier copy(ParamMap extra) {
    return (TextClassifier) defaultCopy(extra);
  }

  /** Reads a classifier saved with {@code write().save(path)} (Spark's {@code DefaultParamsReadable}). */
  public static MLReader<TextClassifier> read() {
    return new DefaultParamsReader<>();
  }

  /** {@code read().load(path)}. */
  public static TextClassifier load(String path) {
    return read().load(path);
  }

  /** A row's text, which the export's recipe tokenizes as {@code predict(String)} does. */
  private record TextRows(String inputCol, int inputIndex) implements RowScoring {

    @Override
    public Object item(Row row, long number) {
      if (row.isNullAt(inputIndex)) {
        throw new IllegalArgumentException("the column '" + inputCol + "' is null; give a text (an empty string "
            + "is one), or filter the nulls out first");
      }
      return row.getString(inputIndex);
    }

    @Override
    public Object value(Prediction p) {
      return PredictionRows.classification(p);
    }
  }
}
