package dev.fastj.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.tabular.TabularConfig;
import dev.fastj.tabular.TabularDataLoaders;
import dev.fastj.tabular.TabularDatasets;
import dev.fastj.tabular.TabularLearner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * TabularPredictor in local mode ({@code local[2]}) on the bundled Titanic: every row gets what the
 * loaded model's {@code predictItem} gives the same cells, missing and unseen values included; a
 * cell the model cannot use gives an error row, not a failed job; a missing column or a model of
 * another kind fails on the driver; a regression's values come named by its targets.
 */
class TabularPredictorTest {

  private static final List<String> CATS = List.of("pclass", "sex", "sibsp", "parch", "embarked");
  private static final List<String> CONTS = List.of("age", "fare");
  private static final float TOL = 1e-5f;

  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static Path titanic;
  private static Path classifier;
  private static Path regression;
  private static Path regressionCsv;
  private static Learner loaded;
  private static Learner loadedRegression;

  /**
   * fastai's tabular defaults on Titanic's is_valid split: a classifier of survived (two epochs) and
   * a regression of fare and parch (one).
   */
  @BeforeAll
  static void trainExportAndStartSpark() throws Exception {
    titanic = TabularDatasets.titanic();
    classifier = dir.resolve("titanic.fastj");
    try (TabularDataLoaders dls = TabularDataLoaders.fromCsv(titanic, List.of("survived"), CATS, CONTS,
        TabularDataLoaders.defaultProcs(), TabularDataLoaders.colSplitter("is_valid"), 64,
        TabularDataLoaders.Options.defaults().withYBlock(CategoryBlock.create()));
        Learner learn = TabularLearner.builder(dls, TabularConfig.defaults()).progress(null).build()) {
      learn.fitOneCycle(2, 1e-2);
      learn.export(classifier);
    }
    regressionCsv = withFares(titanic, dir.resolve("fares.csv"));
    regression = dir.resolve("fares.fastj");
    try (TabularDataLoaders dls = TabularDataLoaders.fromCsv(regressionCsv, List.of("fare", "parch"),
        List.of("pclass", "sex", "embarked"), List.of("age", "sibsp"), TabularDataLoaders.defaultProcs(),
        TabularDataLoaders.colSplitter("is_valid"), 64);
        Learner learn = TabularLearner.builder(dls, TabularConfig.defaults().withLayers(20)).progress(null).build()) {
      learn.fitOneCycle(1, 1e-2);
      learn.export(regression);
    }
    loaded = Learner.load(classifier);
    loadedRegression = Learner.load(regression);
    spark = SparkTests.localSpark("fastj-spark-tabular-test");
  }

  /** The Titanic rows that have a fare (one has none), for a regression of the fare and parch. */
  private static Path withFares(Path csv, Path file) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    List<CsvRow> rows = Csv.rows(csv);
    assertThat(rows).hasSize(lines.size() - 1);
    List<String> kept = new ArrayList<>(List.of(lines.get(0)));
    for (int i = 0; i < rows.size(); i++) {
      if (!rows.get(i).get("fare").isEmpty()) {
        kept.add(lines.get(i + 1));
      }
    }
    assertThat(kept).hasSize(lines.size() - 1);
    return Files.write(file, kept);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    for (Learner l : new Learner[] {loaded, loadedRegression}) {
      if (l != null) {
        l.close();
      }
    }
  }

  @Test
  void everyTitanicRow_readByTheCsvSourceWithInferredTypes_getsPredictItemOfItsCells() {
    List<CsvRow> lines = Csv.rows(titanic);
    // one file, one partition: the ids follow the file's order; then three partitions for the scoring
    Dataset<Row> people = spark.read().option("header", true).option("inferSchema", true).csv(titanic.toString())
        .withColumn("row", functions.monotonically_increasing_id()).repartition(3);
    assertThat(people.schema().apply("pclass").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(people.schema().apply("age").dataType()).isEqualTo(DataTypes.DoubleType);
    List<Row> rows = predictor().setBatchSize(100).transform(people).orderBy("row").collectAsList();
    assertThat(rows).hasSize(1309).hasSameSizeAs(lines);
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      assertThat(r.<String>getAs("name")).isEqualTo(lines.get(i).get("name"));
      assertThat(r.<String>getAs("prediction_error")).as("row %s", i).isNull();
      assertSame(r.getAs("prediction"), loaded.predictItem(lines.get(i)), "row " + i);
    }
    assertThat(rows.stream().map(r -> r.<Row>getAs("prediction").<String>getAs("label")).distinct())
        .as("a model that predicts one class proves little").hasSize(2);
  }

  @Test
  void nullsNaNsAndUnseenCategories_areWhatPredictItemMakesOfThem() {
    StructType schema = new StructType().add("pclass", DataTypes.IntegerType).add("sex", DataTypes.StringType)
        .add("age", DataTypes.DoubleType).add("sibsp", DataTypes.IntegerType).add("parch", DataTypes.IntegerType)
        .add("fare", DataTypes.DoubleType).add("embarked", DataTypes.StringType);
    List<Object[]> cells = List.of(
        new Object[] {1, "female", 29.0, 0, 0, 211.3375, "S"},
        new Object[] {3, "male", null, 1, 0, 7.25, "S"},          // a missing age: FillMissing's median, age_na
        new Object[] {3, "male", Double.NaN, 1, 0, 7.25, "S"},    // a NaN is missing too
        new Object[] {2, "female", 30.0, 0, 1, null, "C"},        // a missing fare (one training row had one)
        new Object[] {2, "female", 30.0, 0, 1, 26.0, "Z"},        // a port never seen: #na#
        new Object[] {2, "female", 30.0, 0, 1, 26.0, null},       // a missing category: #na# too
        new Object[] {null, null, null, null, null, null, null}); // nothing known
    List<Row> input = new ArrayList<>();
    for (Object[] c : cells) {
      input.add(RowFactory.create(c));
    }
    List<Row> rows = predictor().transform(spark.createDataFrame(input, schema).coalesce(1)).collectAsList();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> item = new HashMap<>();
      for (int j = 0; j < schema.size(); j++) {
        item.put(schema.fieldNames()[j], cells.get(i)[j]);
      }
      assertThat(rows.get(i).<String>getAs("prediction_error")).as("row %s", i).isNull();
      assertSame(rows.get(i).getAs("prediction"), loaded.predictItem(item), "row " + i);
    }
    assertThat(probabilities(rows.get(2))).as("NaN as null").containsExactly(probabilities(rows.get(1)));
    assertThat(probabilities(rows.get(4))).as("unseen as missing").containsExactly(probabilities(rows.get(5)));
  }

  @Test
  void aTextInAContinuousColumn_givesThatRowAnError_andTheOtherRowsOfItsBatchAreScored() {
    Dataset<Row> people = spark.read().option("header", true).csv(titanic.toString()).limit(6);
    Dataset<Row> withBad = people.withColumn("age", functions.when(functions.col("name").startsWith("Allison, Miss"),
        functions.lit("twenty")).otherwise(functions.col("age"))).coalesce(1);
    List<Row> rows = predictor().setOutputCol("p").transform(withBad).collectAsList();
    List<CsvRow> lines = Csv.rows(titanic).subList(0, 6);
    assertThat(rows).hasSize(6);
    int bad = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      if (r.<String>getAs("name").startsWith("Allison, Miss")) {
        bad++;
        assertThat(r.<Row>getAs("p")).isNull();
        assertThat(r.<String>getAs("p_error")).contains("continuous column 'age' is 'twenty'")
            .contains("not a number");
      } else {
        assertThat(r.<String>getAs("p_error")).as("row %s", i).isNull();
        assertSame(r.getAs("p"), loaded.predictItem(lines.get(i)), "row " + i);
      }
    }
    assertThat(bad).isEqualTo(1);
  }

  @Test
  void aMissingColumn_failsOnTheDriver_namingItAndWhatTheModelNeeds_beforeAnyJob() {
    Dataset<Row> people = spark.read().option("header", true).csv(titanic.toString());
    int jobs = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
    assertThatThrownBy(() -> predictor().transform(people.drop("fare")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column 'fare', which the model titanic.fastj needs")
        .hasMessageContaining("[pclass, sex, sibsp, parch, embarked, age, fare]")
        .hasMessageContaining("withColumnRenamed");
    assertThatThrownBy(() -> predictor().transformSchema(people.withColumnRenamed("age", "Age").schema()))
        .hasMessageContaining("no column 'age'").hasMessageContaining("there is 'Age'");
    assertThatThrownBy(() -> predictor().transform(people.withColumn("sex", functions.array(functions.col("sex")))))
        .hasMessageContaining("the column 'sex' is array<string>");
    assertThatThrownBy(() -> predictor().transform(people.withColumn("pclass", functions.col("pclass").cast("double"))))
        .hasMessageContaining("the categorical column 'pclass' is double")
        .hasMessageContaining("classes are [1, 2, 3]").hasMessageContaining("cast(\"int\")");
    assertThatThrownBy(() -> predictor().setOutputCol("name").transform(people))
        .hasMessageContaining("'name' already exists");
    assertThat(spark.sparkContext().statusTracker().getJobIdsForGroup(null)).hasSize(jobs);
  }

  @Test
  void aModelOfAnotherKind_orNoModel_failsOnTheDriver_namingIt() throws Exception {
    Dataset<Row> people = spark.read().option("header", true).csv(titanic.toString());
    Path image = SparkTests.imageExport(dir.resolve("shades"));
    assertThatThrownBy(() -> predictor().setModelPath(image.toString()).transform(people))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TabularPredictor cannot score with " + image)
        .hasMessageContaining("an image model's export").hasMessageContaining("ImageClassifier")
        .hasMessageContaining("export of a tabular model");
    assertThatThrownBy(() -> new ImageClassifier().setModelPath(classifier.toString()).setInputCol("name")
        .transform(people))
        .hasMessageContaining("ImageClassifier cannot score with " + classifier)
        .hasMessageContaining("a tabular model's export").hasMessageContaining("TabularPredictor");
    Path notes = Files.writeString(dir.resolve("notes.fastj"), "not a model");
    assertThatThrownBy(() -> predictor().setModelPath(notes.toString()).transformSchema(people.schema()))
        .hasMessageContaining("is not a fastj export");
    assertThatThrownBy(() -> new TabularPredictor().transform(people))
        .hasMessageContaining("TabularPredictor has no model path").hasMessageContaining("setModelPath");
  }

  @Test
  void aRegression_givesAStructOfItsTargets_andAContinuousValueWithoutAFill_givesAnError() {
    Dataset<Row> fares = spark.read().option("header", true).option("inferSchema", true)
        .csv(regressionCsv.toString()).limit(60);
    // sibsp had a value in every training row: FillMissing has nothing to put in its place
    Dataset<Row> withMissing = fares.withColumn("sibsp", functions.when(functions.col("survived").equalTo(1),
        functions.lit(null)).otherwise(functions.col("sibsp"))).repartition(2);
    TabularPredictor p = new TabularPredictor().setModelPath(regression.toString()).setOutputCol("y").setBatchSize(7);
    StructType out = p.transformSchema(withMissing.schema());
    assertThat(((StructType) out.apply("y").dataType()).fieldNames()).containsExactly("fare", "parch");
    List<Row> rows = p.transform(withMissing).collectAsList();
    assertThat(rows).hasSize(60);
    int refused = 0;
    for (Row r : rows) {
      // in the model's column order, which the error message lists the cells in
      Map<String, Object> item = new LinkedHashMap<>();
      for (String c : List.of("pclass", "sex", "embarked", "age", "sibsp")) {
        item.put(c, r.getAs(c));
      }
      if (r.isNullAt(r.fieldIndex("sibsp"))) {
        refused++;
        assertThat(r.<Row>getAs("y")).isNull();
        String why = SparkTests.catchMessage(() -> loadedRegression.predictItem(item));
        assertThat(why).contains("continuous column 'sibsp' is missing");
        assertThat(r.<String>getAs("y_error")).isEqualTo(why);
        continue;
      }
      assertThat(r.<String>getAs("y_error")).isNull();
      float[] want = loadedRegression.predictItem(item).probabilities();
      Row got = r.getAs("y");
      assertThat(got.<Double>getAs("fare")).isCloseTo(want[0], within((double) TOL));
      assertThat(got.<Double>getAs("parch")).isCloseTo(want[1], within((double) TOL));
    }
    assertThat(refused).as("survivors among the first 60").isPositive().isLessThan(60);
  }

  @Test
  void savedAndReadBack_andCopied_keepTheirParams() throws Exception {
    TabularPredictor t = predictor().setOutputCol("p").setErrorCol("why").setBatchSize(256).setThreads(1);
    Path saved = dir.resolve("saved-stage");
    t.write().save(saved.toString());
    for (TabularPredictor other : List.of(TabularPredictor.load(saved.toString()), t.copy(ParamMap.empty()))) {
      assertThat(other.uid()).isEqualTo(t.uid());
      assertThat(Arrays.asList(other.getModelPath(), other.getOutputCol(), other.getErrorCol()))
          .containsExactly(classifier.toString(), "p", "why");
      assertThat(other.getBatchSize()).isEqualTo(256);
      assertThat(other.getThreads()).isEqualTo(1);
    }
  }

  private static TabularPredictor predictor() {
    return new TabularPredictor().setModelPath(classifier.toString());
  }

  private static double[] probabilities(Row r) {
    Row p = r.getAs("prediction");
    Map<String, Double> byClass = CollectionConverters.asJava(p.<String, Double>getMap(p.fieldIndex("probabilities")));
    return new double[] {byClass.get("0"), byClass.get("1")};
  }

  private static void assertSame(Row got, Prediction want, String what) {
    SparkTests.assertSameClassification(got, want, what, TOL);
  }
}
