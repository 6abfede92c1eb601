package dev.fastj.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.spi.Device;
import dev.fastj.text.TextBlock;
import dev.fastj.text.TextDataLoaders;
import dev.fastj.text.TextFiles;
import dev.fastj.text.TextLearner;
import dev.fastj.text.models.AwdLstm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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

/**
 * TextClassifier in local mode ({@code local[2]}) with a tiny AWD-LSTM classifier trained here on
 * made-up texts of two classes: every text gets what the loaded model's {@code predict(String)}
 * gives it, in batches that do not divide the partitions; a null text gives an error row, an empty
 * one what {@code predict("")} gives; a model of another kind, a missing or non-string column fail
 * on the driver.
 */
class TextClassifierTest {

  private static final double TOL = 1e-5;
  private static final String[] COMMON = {"the", "a", "and", "of", "to", "is", "in", "it", "that", "was"};
  private static final String[][] OWN = {
      {"good", "great", "fine", "happy", "love", "nice"}, {"bad", "awful", "sad", "poor", "hate", "ugly"}};
  private static final String[] CLASSES = {"pos", "neg"};

  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static Path export;
  private static Learner loaded;

  /**
   * 40 texts of each class, 8 to 60 words, max_len 48, dropout 0.1, batches of 8; eight epochs of
   * the whole model reach a validation accuracy of 1 (at four, or with fastai's 0.5 dropout, it still
   * predicts one class).
   */
  @BeforeAll
  static void trainExportAndStartSpark() throws Exception {
    Path root = dir.resolve("texts");
    Random r = new Random(5);
    for (int c = 0; c < 2; c++) {
      Files.createDirectories(root.resolve(CLASSES[c]));
      for (int i = 0; i < 40; i++) {
        Files.writeString(root.resolve(CLASSES[c]).resolve(i + ".txt"), text(r, c, 8 + r.nextInt(52)));
      }
    }
    export = dir.resolve("texts.fastj");
    DataBlock<Path> block = DataBlock.of(TextBlock.fromFolder(root, false), CategoryBlock.create())
        .getItems(TextFiles::get).getY(Labels.parentLabel()).splitter(Splitters.random(0.2, 42));
    try (TextDataLoaders dls = (TextDataLoaders) block.dataloaders(root, 8);
        TextLearner learn = TextLearner.classifier(dls, AwdLstm.config().withSizes(16, 24, 2), 0.1, 48,
            b -> b.device(Device.cpu(2)).seed(1).progress(null))) {
      learn.unfreeze();   // a classifier without a language model starts frozen on a random encoder
      learn.fitOneCycle(8, 2e-2);
      learn.export(export);
    }
    loaded = Learner.load(export);
    spark = SparkTests.localSpark("fastj-spark-text-test");
  }

  /** {@code words} words, about a third from class {@code c}'s own list, the rest common, capitalised now and then. */
  private static String text(Random r, int c, int words) {
    StringBuilder sb = new StringBuilder();
    for (int w = 0; w < words; w++) {
      String word = r.nextInt(3) == 0 ? OWN[c][r.nextInt(OWN[c].length)] : COMMON[r.nextInt(COMMON.length)];
      sb.append(w == 0 ? "" : " ").append(w % 12 == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1)
          : word);
    }
    return sb + ".\n";
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (loaded != null) {
      loaded.close();
    }
  }

  @Test
  void everyText_getsPredictOfTheLoadedModel_inBatchesThatDoNotDivideThePartitions() {
    Random r = new Random(11);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      texts.add(text(r, i % 2, 1 + r.nextInt(40)));
    }
    texts.add(text(r, 0, 200));   // beyond max_len: its last 48 tokens
    texts.add("Ünïcode, émoji 🙂 and <b>html</b> &amp; a URL http://example.com: great!");
    texts.add("   ");
    Dataset<Row> df = texts(texts).repartition(3);
    List<Row> rows = classifier().setBatchSize(7).transform(df).orderBy("id").collectAsList();
    assertThat(rows).hasSize(texts.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      assertThat(row.<String>getAs("text")).isEqualTo(texts.get(i));
      assertThat(row.<String>getAs("prediction_error")).as("row %s", i).isNull();
      SparkTests.assertSameClassification(row.getAs("prediction"), loaded.predict(texts.get(i)), "row " + i, TOL);
    }
    assertThat(rows.stream().map(row -> row.<Row>getAs("prediction").<String>getAs("label")).distinct())
        .as("a model that predicts one class proves little").hasSize(2);
  }

  @Test
  void aNullText_givesAnErrorRow_anEmptyOneWhatPredictGivesIt_andTheOthersOfTheBatchAreScored() {
    List<String> texts = Arrays.asList("good great fine and the nice", null, "", "bad awful sad of the poor");
    List<Row> rows = classifier().setOutputCol("p").transform(texts(texts).coalesce(1)).orderBy("id")
        .collectAsList();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1).<Row>getAs("p")).isNull();
    assertThat(rows.get(1).<String>getAs("p_error")).isEqualTo("the column 'text' is null; give a text (an empty "
        + "string is one), or filter the nulls out first");
    Prediction empty;
    try {
      empty = loaded.predict("");
    } catch (RuntimeException e) {
      assertThat(rows.get(2).<Row>getAs("p")).isNull();
      assertThat(rows.get(2).<String>getAs("p_error")).isEqualTo(e.getMessage());
      empty = null;
    }
    if (empty != null) {
      assertThat(rows.get(2).<String>getAs("p_error")).isNull();
      SparkTests.assertSameClassification(rows.get(2).getAs("p"), empty, "the empty text", TOL);
    }
    for (int i : new int[] {0, 3}) {
      assertThat(rows.get(i).<String>getAs("p_error")).isNull();
      SparkTests.assertSameClassification(rows.get(i).getAs("p"), loaded.predict(texts.get(i)), "row " + i, TOL);
    }
  }

  @Test
  void aModelOfAnotherKind_failsOnTheDriver_andTheOtherTransformersNameTextClassifier() throws Exception {
    Dataset<Row> df = texts(List.of("good"));
    int jobs = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
    Path image = SparkTests.imageExport(dir.resolve("shades"));
    assertThatThrownBy(() -> classifier().setModelPath(image.toString()).transform(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TextClassifier cannot score with " + image + ": it is an image model's export, not a text one "
            + "(score it with ImageClassifier); give it the export of a text classifier (learn.export(path) of "
            + "TextLearner.classifier, or ./fastj train-text --out MODEL)");
    Path tabular = SparkTests.tabularExport(dir.resolve("titanic.fastj"));
    assertThatThrownBy(() -> classifier().setModelPath(tabular.toString()).transformSchema(df.schema()))
        .hasMessageContaining("TextClassifier cannot score with " + tabular + ": it is a tabular model's export, "
            + "not a text one (score it with TabularPredictor)");
    Path notes = Files.writeString(dir.resolve("notes.fastj"), "not a model");
    assertThatThrownBy(() -> classifier().setModelPath(notes.toString()).transform(df))
        .hasMessageContaining("TextClassifier cannot score with " + notes).hasMessageContaining("is not a fastj export");
    assertThatThrownBy(() -> new TextClassifier().transform(df))
        .hasMessageContaining("TextClassifier has no model path");
    assertThatThrownBy(() -> new ImageClassifier().setModelPath(export.toString()).setInputCol("text").transform(df))
        .hasMessageContaining("ImageClassifier cannot score with " + export + ": it is a text model's export, not an "
            + "image one (score it with TextClassifier)");
    assertThatThrownBy(() -> new TabularPredictor().setModelPath(export.toString()).transform(df))
        .hasMessageContaining("TabularPredictor cannot score with " + export + ": it is a text model's export, not a "
            + "tabular one (score it with TextClassifier)");
    assertThat(spark.sparkContext().statusTracker().getJobIdsForGroup(null)).hasSize(jobs);
  }

  @Test
  void aMissingOrNonStringColumn_failsOnTheDriver_namingIt() {
    Dataset<Row> df = texts(List.of("good"));
    assertThatThrownBy(() -> classifier().setInputCol("body").transform(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no input column 'body'; the columns are [id, text]; call setInputCol with the column of texts");
    assertThatThrownBy(() -> classifier().setInputCol("id").transformSchema(df.schema()))
        .hasMessageContaining("the input column 'id' is bigint; TextClassifier reads texts (string)")
        .hasMessageContaining("option(\"wholetext\", true)");
    assertThatThrownBy(() -> classifier().transform(df.withColumn("text", functions.array(functions.col("text")))))
        .hasMessageContaining("the input column 'text' is array<string>");
    assertThatThrownBy(() -> classifier().setOutputCol("id").transform(df)).hasMessageContaining("'id' already exists");
  }

  @Test
  void transformSchema_addsTheClassificationStruct_andSavedOrCopiedStagesKeepTheirParams() throws Exception {
    Dataset<Row> df = texts(List.of("good"));
    StructType out = classifier().setInputCol("text").transformSchema(df.schema());
    assertThat(out.fieldNames()).containsExactly("id", "text", "prediction", "prediction_error");
    assertThat(out.apply("prediction").dataType()).isEqualTo(ImageClassifier.predictionType());
    TextClassifier t = classifier().setInputCol("body").setOutputCol("p").setErrorCol("why").setBatchSize(32)
        .setThreads(1);
    Path saved = dir.resolve("saved-stage");
    t.write().save(saved.toString());
    for (TextClassifier other : List.of(TextClassifier.load(saved.toString()), t.copy(ParamMap.empty()))) {
      assertThat(other.uid()).isEqualTo(t.uid());
      assertThat(Arrays.asList(other.getModelPath(), other.getInputCol(), other.getOutputCol(), other.getErrorCol()))
          .containsExactly(export.toString(), "body", "p", "why");
      assertThat(other.getBatchSize()).isEqualTo(32);
      assertThat(other.getThreads()).isEqualTo(1);
    }
  }

  private static TextClassifier classifier() {
    return new TextClassifier().setModelPath(export.toString());
  }

  /** The texts in a column {@code text} (nulls allowed), numbered in a column {@code id}. */
  private static Dataset<Row> texts(List<String> texts) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      rows.add(RowFactory.create((long) i, texts.get(i)));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType, false).add("text", DataTypes.StringType, true);
    return spark.createDataFrame(rows, schema);
  }
}
