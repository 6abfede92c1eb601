package dev.fastj.spark;

import dev.fastj.learner.ExportInfo;
import dev.fastj.learner.Prediction;
import dev.fastj.tabular.TabularRecipe;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML Transformer that predicts the rows of a DataFrame with a tabular model exported by
 * fastj ({@code learn.export(path)} of a {@code TabularLearner}, {@code ./fastj train-tabular
 * --out}): each row gets what {@code Learner.load(model).predictItem(row)} gives the same values,
 * with the batches of a partition predicted together on one ONNX Runtime session per executor.
 *
 * <pre>{@code
 * Dataset<Row> people = spark.read().option("header", true).csv("passengers.csv");
 * Dataset<Row> scored = new TabularPredictor().setModelPath("titanic.fastj").setOutputCol("survived")
 *     .setBatchSize(256).transform(people);
 * scored.select("name", "survived.label", "survived.probability", "survived_error").show();
 * }</pre>
 *
 * <p>The DataFrame must have the model's input columns, named as in the training table: its
 * categorical and continuous columns ({@link TabularRecipe#requiredColumns()}), as strings, numbers
 * or booleans; other columns are carried through. A value is matched as the same cell of a CSV file
 * would be: a category by its text (so an integer column of {@code 3} matches the class {@code 3};
 * a double column, whose {@code 3.0} would match none of the classes {@code 1, 2, 3}, is refused on
 * the driver), and a null, a NaN or one of the table's missing-value markers is missing. As at
 * predict time, a missing or unseen category is {@code #na#}, and a missing continuous value gets
 * FillMissing's training fill value; a continuous column that had no missing value in training, or
 * a text that is not a number in a continuous column, makes that row's prediction null with the
 * reason in the error column, and the other rows are scored.
 *
 * <p>The output column of a classifier is a struct of {@code label}, {@code index},
 * {@code probability} and {@code probabilities} (a map from class to probability), as
 * {@link ImageClassifier}'s; of a regression, a struct of one double per target, named as the
 * targets (fastai's {@code y_names}; {@code y0, y1, ...} for an export that does not record them).
 * {@link #transformSchema} checks on the driver, before any job and without building a session, that
 * the model is a tabular export and that every input column is there.
 *
 * <p>The model file, the other params ({@code outputCol}, {@code errorCol}, {@code batchSize},
 * {@code threads}) and how it runs are those of every fastj transformer ({@link ModelTransformer});
 * docs/spark.md has the cluster setup.
 */
public final class TabularPredictor extends ModelTransformer<TabularPredictor> {

  private static final long serialVersionUID = 1L;
  private static final String SCORER = "TabularPredictor";
  private static final String EXPECTED = "the export of a tabular model (learn.export(path) of a TabularLearner, "
      + "or ./fastj train-tabular --out MODEL)";

  /** A predictor with a fresh uid and the defaults: output {@code prediction}, batches of 64. */
  public TabularPredictor() {
    this(Identifiable.randomUID("fastjTabularPredictor"));
  }

  /** A predictor with the given uid (how Spark copies and reads stages). */
  public TabularPredictor(String uid) {
    super(uid, "the prediction column: for a classifier a struct of label, index, probability, probabilities; "
        + "for a regression a struct of the target values", "rows predicted in one model call (positive)");
  }

  @Override
  Plan plan(StructType schema) {
    ModelFile model = ModelFile.read(getModelPath(), SCORER, EXPECTED);
    ExportInfo info = model.info();
    if (!TabularRecipe.KIND.equals(info.inputKind())) {
      throw ModelFile.refused(SCORER, model.file(), ModelFile.otherKind(info.inputKind(), TabularRecipe.KIND),
          EXPECTED);
    }
    TabularRecipe recipe = (TabularRecipe) info.inputRecipe();
    List<String> columns = recipe.requiredColumns();
    int[] indices = new int[columns.size()];
    List<String> have = Arrays.asList(schema.fieldNames());
    for (int i = 0; i < columns.size(); i++) {
      String c = columns.get(i);
      if (!have.contains(c)) {
        throw new IllegalArgumentException("no column '" + c + "', which the model " + model.file().getFileName()
            + " needs" + nearMatch(c, have) + "; it needs " + columns + " and the columns are " + have + "; add it "
            + "(null where a value is unknown) or rename yours with withColumnRenamed");
      }
      DataType type = schema.apply(c).dataType();
      if (!(type instanceof StringType || type instanceof NumericType || type instanceof BooleanType)) {
        throw new IllegalArgumentException("the column '" + c + "' is " + type.simpleString() + "; " + SCORER
            + " reads strings, numbers and booleans, as the cells of the training table; cast it, or give the "
            + "column its values one per row");
      }
      indices[i] = schema.fieldIndex(c);
    }
    checkFloatingCategories(recipe, schema);
    checkOutputColumns(schema);
    DataType type = info.isClassifier() ? PredictionRows.classificationType()
        : PredictionRows.regressionType(targetNames(recipe.yNames(), info.outputCount()));
    return new Plan(model, new TabularRows(columns, indices, info.isClassifier()), type);
  }

  /**
   * Refuses a categorical column of floats or doubles whose classes are all whole numbers: its values
   * read as {@code 3.0}, which is none of them, so every row would silently be {@code #na#}.
   */
  private static void checkFloatingCategories(TabularRecipe recipe, StructType schema) {
    List<String> cats = recipe.catNames();
    List<String> required = recipe.requiredColumns();
    for (int i = 0; i < cats.size(); i++) {
      String c = cats.get(i);
      if (!required.contains(c)) {
        continue;   // a column the procs added (age_na), made from another
      }
      DataType type = schema.apply(c).dataType();
      List<String> classes = recipe.classes(i).subList(1, recipe.classes(i).size());
      boolean floating = type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType);
      if (floating && classes.stream().noneMatch(k -> k.contains(".") || k.contains("E"))) {
        throw new IllegalArgumentException("the categorical column '" + c + "' is " + type.simpleString()
            + ", whose values read as 3.0, but the model's classes are " + abbreviate(classes) + ", which no such "
            + "value matches (every row would be #na#); cast it with col(\"" + c + "\").cast(\"int\"), or read it "
            + "as a string");
      }
    }
  }

  private static String abbreviate(List<String> classes) {
    return classes.size() <= 8 ? classes.toString() : classes.subList(0, 8).toString().replace("]", ", ...]");
  }

  /** The targets' names when the export has one per output, else {@code y0, y1, ...}. */
  private static List<String> targetNames(List<String> yNames, int outputs) {
    if (yNames.size() == outputs) {
      return yNames;
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      names.add("y" + i);
    }
    return names;
  }

  /** {@code " (there is 'Age': column names are case-sensitive)"}, or nothing. */
  private static String nearMatch(String col, List<String> have) {
    for (String h : have) {
      if (h.equalsIgnoreCase(col)) {
        return " (there is '" + h + "': column names are case-sensitive)";
      }
    }
    return "";
  }

  @Override
  public TabularPredictor copy(ParamMap extra) {
    return (TabularPredictor) defaultCopy(extra);
  }

  /** Reads a predictor saved with {@code write().save(path)} (Spark's {@code DefaultParamsReadable}). */
  public static MLReader<TabularPredictor> read() {
    return new DefaultParamsReader<>();
  }

  /** {@code read().load(path)}. */
  public static TabularPredictor load(String path) {
    return read().load(path);
  }

  /**
   * A row as the map of column to value that {@code predictItem} takes: the value Spark holds,
   * which the recipe reads by its text (a NaN as missing), as it reads a CSV cell.
   */
  private record TabularRows(List<String> columns, int[] indices, boolean classifier) implements RowScoring {

    @Override
    public Object item(Row row, long number) {
      Map<String, Object> cells = new LinkedHashMap<>();
      for (int i = 0; i < indices.length; i++) {
        Object v = row.get(indices[i]);
        // BigDecimal's toString may use an exponent (1E+2), which a table's cell never has
        cells.put(columns.get(i), v instanceof BigDecimal d ? d.toPlainString() : v);
      }
      return cells;
    }

    @Override
    public Object value(Prediction p) {
      return classifier ? PredictionRows.classification(p) : PredictionRows.regression(p);
    }
  }
}
