package dev.fastj.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.nn.AdaptiveAvgPool2d;
import dev.fastj.nn.BatchNorm2d;
import dev.fastj.nn.Conv2d;
import dev.fastj.nn.Flatten;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Module;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.vision.Datasets;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.Resize;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkFiles;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * ImageClassifier in local mode ({@code local[2]}, so two tasks at a time share the executor's
 * model): the same predictions as {@link Learner#predict} on the same files, from paths and from
 * the bytes of the binaryFile source; bad images give an error column, not a failed job; the model
 * is checked on the driver and loaded once per JVM.
 */
class ImageClassifierTest {

  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static Path export;
  private static Path images;
  private static Map<Path, Prediction> expected;

  /** 3 Fashion-MNIST classes, 30 training images each, resized to 32 (not their 28), two epochs. */
  @BeforeAll
  static void trainExportAndStartSpark() throws Exception {
    Path fashion = Datasets.fashionMnist();
    Path data = dir.resolve("data");
    images = Files.createDirectories(dir.resolve("images"));
    for (String cls : List.of("Bag", "Sneaker", "Trouser")) {
      Path to = Files.createDirectories(data.resolve(cls));
      for (Path f : ImageFiles.get(fashion.resolve("train").resolve(cls)).subList(0, 30)) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    for (String cls : List.of("Bag", "Sneaker", "Trouser", "Coat")) {
      for (Path f : ImageFiles.get(fashion.resolve("test").resolve(cls)).subList(0, 8)) {
        Files.copy(f, images.resolve(cls + "-" + f.getFileName()));
      }
    }
    DataBlock<?> block = DataBlock.of(ImageBlock.create(), CategoryBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.random(0.2, 1))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(32))
        .batchTfms(Normalize.fromData());
    export = dir.resolve("models").resolve("fashion3.fastj");
    Files.createDirectories(export.getParent());
    try (DataLoaders dls = block.dataloaders(data, 16);
        Learner learn = Learner.builder(dls, tinyCnn()).progress(null).seed(3).build()) {
      learn.fit(2, 1e-2);
      learn.export(export);
    }
    expected = new HashMap<>();
    try (Learner inf = Learner.load(export)) {
      for (Path f : ImageFiles.get(images)) {
        expected.put(f, inf.predict(f));
      }
    }
    spark = SparkTests.localSpark("fastj-spark-test");
  }

  /** A small CNN: compiles in a fraction of xresnet-small's time, and tells these three classes apart. */
  private static Module tinyCnn() {
    return Sequential.of(
        Conv2d.of(3, 16, 3).withStride(2).withPadding(1).withBias(false), BatchNorm2d.of(16), ReLU.create(),
        Conv2d.of(16, 32, 3).withStride(2).withPadding(1).withBias(false), BatchNorm2d.of(32), ReLU.create(),
        AdaptiveAvgPool2d.of(1), Flatten.create(), Linear.of(32, 3));
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void paths_givePredictOfEachFile_inBatchesThatDoNotDivideThePartitions() {
    Dataset<Row> scored = classifier().setInputCol("file").setBatchSize(5).transform(paths(3));
    List<Row> rows = scored.collectAsList();
    assertThat(rows).hasSize(expected.size());
    for (Row r : rows) {
      Path file = Path.of(r.<String>getAs("file"));
      assertThat(r.<String>getAs("prediction_error")).as("%s", file).isNull();
      assertSamePrediction(r.getAs("prediction"), expected.get(file), file);
    }
    assertThat(rows.stream().map(r -> r.<Row>getAs("prediction").<String>getAs("label")).distinct())
        .as("a model that predicts one class proves little").hasSizeGreaterThan(1);
  }

  @Test
  void bytesOfTheBinaryFileSource_givePredictOfTheFile() {
    Dataset<Row> files = spark.read().format("binaryFile").load(images.toString()).repartition(2);
    List<Row> rows = classifier().setInputCol("content").transform(files)
        .select("path", "prediction", "prediction_error").collectAsList();
    assertThat(rows).hasSize(expected.size());
    for (Row r : rows) {
      Path file = Path.of(URI.create(r.getString(0)));
      assertThat(r.isNullAt(2)).as("%s: %s", file, r.get(2)).isTrue();
      assertSamePrediction(r.getStruct(1), expected.get(file), file);
    }
  }

  @Test
  void corruptMissingAndNullImages_getANullPredictionAndAnError_andTheOthersAreScored() throws Exception {
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Path broken = Files.writeString(bad.resolve("broken.png"), "not an image", StandardCharsets.UTF_8);
    Path good = Files.copy(ImageFiles.get(images).get(0), bad.resolve("good.png"));
    Path missing = bad.resolve("missing.png");
    StructType schema = new StructType().add("file", DataTypes.StringType, true);
    List<Row> input = List.of(RowFactory.create(good.toString()), RowFactory.create(broken.toString()),
        RowFactory.create(missing.toString()), RowFactory.create((Object) null));
    List<Row> rows = classifier().setInputCol("file").setOutputCol("p").transform(
        spark.createDataFrame(input, schema).coalesce(1)).collectAsList();
    assertThat(rows.get(0).isNullAt(1)).isFalse();
    assertThat(rows.get(0).isNullAt(2)).isTrue();
    assertSamePrediction(rows.get(0).getStruct(1), expected.get(ImageFiles.get(images).get(0)), good);
    assertThat(rows.subList(1, 4)).allSatisfy(r -> assertThat(r.isNullAt(1)).isTrue());
    assertThat(rows.get(1).<String>getAs("p_error")).contains(broken.toString());
    assertThat(rows.get(2).<String>getAs("p_error")).contains("not found").contains(missing.toString());
    assertThat(rows.get(3).<String>getAs("p_error")).contains("'file' is null");

    Dataset<Row> bytes = spark.read().format("binaryFile").load(bad.toString());
    List<Row> fromBytes = classifier().setInputCol("content").transform(bytes)
        .select("path", "prediction", "prediction_error").collectAsList();
    assertThat(fromBytes).hasSize(2).allSatisfy(r -> {
      boolean isBroken = r.getString(0).endsWith("broken.png");
      assertThat(r.isNullAt(1)).isEqualTo(isBroken);
      assertThat(r.isNullAt(2)).isEqualTo(!isBroken);
      if (isBroken) {
        assertThat(r.getString(2)).as("the error names the file").contains("broken.png");
      }
    });
  }

  @Test
  void aWrongModelPath_failsOnTheDriver_namingThePath_beforeAnyJob() {
    int jobs = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
    Dataset<Row> df = paths(1);
    String wrong = dir.resolve("nowhere").resolve("m.fastj").toString();
    assertThatThrownBy(() -> classifier().setModelPath(wrong).setInputCol("file").transform(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no model file at '" + wrong + "'")
        .hasMessageContaining("--files m.fastj");
    assertThatThrownBy(() -> classifier().setModelPath(wrong).setInputCol("file").transformSchema(df.schema()))
        .hasMessageContaining(wrong);
    assertThatThrownBy(() -> new ImageClassifier().setInputCol("file").transform(df))
        .hasMessageContaining("no model path").hasMessageContaining("setModelPath");
    assertThatThrownBy(() -> classifier().setModelPath("hdfs://cluster/m.fastj").setInputCol("file").transform(df))
        .hasMessageContaining("addFile(\"hdfs://cluster/m.fastj\")");
    assertThat(spark.sparkContext().statusTracker().getJobIdsForGroup(null)).hasSize(jobs);
  }

  @Test
  void aFileThatIsNotAnImageModel_failsOnTheDriver() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.fastj"), "not a model", StandardCharsets.UTF_8);
    Dataset<Row> df = paths(1);
    assertThatThrownBy(() -> classifier().setModelPath(text.toString()).setInputCol("file").transform(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot score with " + text)
        .hasMessageContaining("export of an image classifier");
    Path tabular = SparkTests.tabularExport(dir.resolve("titanic.fastj"));
    assertThatThrownBy(() -> classifier().setModelPath(tabular.toString()).setInputCol("file").transform(df))
        .hasMessageContaining("cannot score with " + tabular + ": it is a tabular model's export");
  }

  @Test
  void theModelIsLoadedOncePerJvm_andSharedByItsTasks() {
    Dataset<Row> df = paths(4);
    int before = ExecutorModels.loads(export);
    assertThat(classifier().setInputCol("file").setBatchSize(3).transform(df).count()).isEqualTo(expected.size());
    int afterFirst = ExecutorModels.loads(export);
    // 4 tasks, at most one load (none if an earlier test of this JVM loaded it)
    assertThat(afterFirst - before).isBetween(0, 1);
    assertThat(afterFirst).isPositive();
    int open = ExecutorModels.openSessions();
    for (int i = 0; i < 2; i++) {
      assertThat(classifier().setInputCol("file").setBatchSize(3).transform(df).count()).isEqualTo(expected.size());
    }
    assertThat(ExecutorModels.loads(export)).isEqualTo(afterFirst);
    assertThat(ExecutorModels.openSessions()).isEqualTo(open);
  }

  @Test
  void twoThreadCounts_keepTwoSessions_withoutReloadingEitherOne() throws Exception {
    Path model = Files.copy(export, dir.resolve("threads.fastj"));
    Dataset<Row> df = paths(2);
    for (int threads : new int[] {1, 0, 1, 0}) {
      classifier().setModelPath(model.toString()).setInputCol("file").setThreads(threads).transform(df).count();
    }
    assertThat(ExecutorModels.loads(model)).isEqualTo(2);
  }

  @Test
  void closeAll_whatTheShutdownHookRuns_closesEverySession_andTheNextJobLoadsAgain() throws Exception {
    Path model = Files.copy(export, dir.resolve("closed.fastj"));
    Dataset<Row> df = paths(2);
    classifier().setModelPath(model.toString()).setInputCol("file").transform(df).count();
    assertThat(ExecutorModels.openSessions()).isPositive();
    ExecutorModels.closeAll();
    assertThat(ExecutorModels.openSessions()).isZero();
    List<Row> rows = classifier().setModelPath(model.toString()).setInputCol("file").transform(df).collectAsList();
    assertThat(ExecutorModels.loads(model)).isEqualTo(2);
    for (Row r : rows) {
      assertSamePrediction(r.getAs("prediction"), expected.get(Path.of(r.<String>getAs("file"))), null);
    }
  }

  @Test
  void aModelShippedWithAddFile_isFoundByItsFileName() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("ship")).resolve("shipped.fastj");
    Files.copy(export, elsewhere);
    spark.sparkContext().addFile(elsewhere.toString());
    Path copy = Path.of(SparkFiles.get("shipped.fastj"));
    assertThat(copy).isNotEqualTo(elsewhere).exists();
    List<Row> rows = classifier().setModelPath("shipped.fastj").setInputCol("file").transform(paths(2))
        .collectAsList();
    for (Row r : rows) {
      assertSamePrediction(r.getAs("prediction"), expected.get(Path.of(r.<String>getAs("file"))), null);
    }
    assertThat(ExecutorModels.loads(copy)).isEqualTo(1);
    assertThat(ExecutorModels.loads(elsewhere)).isZero();
  }

  @Test
  void aModelFileReplacedBetweenJobs_loadsAgain_andTheOldSessionIsClosed() throws Exception {
    Path model = Files.copy(export, dir.resolve("replaced.fastj"));
    Dataset<Row> df = paths(2);
    classifier().setModelPath(model.toString()).setInputCol("file").transform(df).count();
    int open = ExecutorModels.openSessions();
    Files.setLastModifiedTime(model, FileTime.fromMillis(Files.getLastModifiedTime(model).toMillis() + 10_000));
    classifier().setModelPath(model.toString()).setInputCol("file").transform(df).count();
    assertThat(ExecutorModels.loads(model)).isEqualTo(2);
    assertThat(ExecutorModels.openSessions()).isEqualTo(open);
  }

  @Test
  void anExecutorCopyThatDiffersFromTheDriversFile_isRefused() {
    assertThatThrownBy(() -> ExecutorModels.acquire(export, "0".repeat(64), 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(export.toString())
        .hasMessageContaining("not the file the driver checked");
  }

  @Test
  void transformSchema_addsThePredictionStructAndTheErrorColumn_andChecksTheInput() {
    StructType in = new StructType().add("id", DataTypes.LongType).add("content", DataTypes.BinaryType);
    StructType out = classifier().setInputCol("content").transformSchema(in);
    assertThat(out.fieldNames()).containsExactly("id", "content", "prediction", "prediction_error");
    assertThat(out.apply("prediction").dataType()).isEqualTo(ImageClassifier.predictionType());
    assertThat(ImageClassifier.predictionType().fieldNames())
        .containsExactly("label", "index", "probability", "probabilities");
    assertThat(classifier().setInputCol("content").setErrorCol("why").transformSchema(in).fieldNames())
        .endsWith("why");
    assertThatThrownBy(() -> classifier().setInputCol("id").transformSchema(in))
        .hasMessageContaining("'id' is bigint").hasMessageContaining("binaryFile");
    assertThatThrownBy(() -> classifier().setInputCol("image").transformSchema(in))
        .hasMessageContaining("no input column 'image'").hasMessageContaining("[id, content]");
    assertThatThrownBy(() -> classifier().setInputCol("content").setOutputCol("id").transformSchema(in))
        .hasMessageContaining("'id' already exists");
    assertThatThrownBy(() -> classifier().setBatchSize(0)).hasMessageContaining("batchSize must be positive, got 0");
  }

  @Test
  void savedAndReadBack_andCopied_keepTheirParams() throws Exception {
    ImageClassifier c = classifier().setInputCol("content").setOutputCol("p").setBatchSize(16).setThreads(1);
    Path saved = dir.resolve("saved-stage");
    c.write().save(saved.toString());
    ImageClassifier read = ImageClassifier.load(saved.toString());
    ImageClassifier copied = c.copy(ParamMap.empty());
    for (ImageClassifier other : List.of(read, copied)) {
      assertThat(other.uid()).isEqualTo(c.uid());
      assertThat(Arrays.asList(other.getModelPath(), other.getInputCol(), other.getOutputCol(), other.getErrorCol()))
          .containsExactly(export.toString(), "content", "p", "p_error");
      assertThat(other.getBatchSize()).isEqualTo(16);
      assertThat(other.getThreads()).isEqualTo(1);
    }
  }

  private static ImageClassifier classifier() {
    return new ImageClassifier().setModelPath(export.toString());
  }

  /** The scored images' paths in a column {@code file}, in {@code partitions} partitions. */
  private static Dataset<Row> paths(int partitions) {
    List<String> files = new ArrayList<>();
    for (Path f : ImageFiles.get(images)) {
      files.add(f.toString());
    }
    return spark.createDataset(files, Encoders.STRING()).toDF("file").repartition(partitions);
  }

  private static void assertSamePrediction(Row got, Prediction want, Path file) {
    assertThat(got).as("%s", file).isNotNull();
    assertThat(want).as("no expected prediction for %s", file).isNotNull();
    assertThat(got.<String>getAs("label")).as("%s", file).isEqualTo(want.label());
    assertThat(got.<Integer>getAs("index")).isEqualTo(want.index());
    assertThat(got.<Double>getAs("probability")).isEqualTo((double) want.probability());
    Map<String, Double> wantByClass = new LinkedHashMap<>();
    want.probabilitiesByClass().forEach((k, v) -> wantByClass.put(k, (double) v));
    scala.collection.Map<String, Double> byClass = got.getMap(got.fieldIndex("probabilities"));
    assertThat(CollectionConverters.asJava(byClass)).isEqualTo(wantByClass);
  }
}
