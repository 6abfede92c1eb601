package dev.fastj.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaderOptions;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.nn.Flatten;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Sequential;
import dev.fastj.tabular.TabularConfig;
import dev.fastj.tabular.TabularDataLoaders;
import dev.fastj.tabular.TabularDatasets;
import dev.fastj.tabular.TabularLearner;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Resize;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/** What the transformers' tests share: a local Spark, exports of each kind to refuse, a struct's check. */
final class SparkTests {

  private SparkTests() {}

  /** {@code local[2]} on the loopback address, without the UI. */
  static SparkSession localSpark(String appName) {
    return SparkSession.builder().master("local[2]").appName(appName)
        .config("spark.ui.enabled", false)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", 2)
        .getOrCreate();
  }

  /** An untrained image classifier's export (8x8 PNGs, two classes): only what it is matters here. */
  static Path imageExport(Path root) throws Exception {
    for (String cls : List.of("dark", "light")) {
      for (int k = 0; k < 3; k++) {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        img.setRGB(k, k, cls.equals("dark") ? 0x202020 : 0xe0e0e0);
        ImageIO.write(img, "png", Files.createDirectories(root.resolve(cls)).resolve(k + ".png").toFile());
      }
    }
    DataBlock<Path> block = DataBlock.of(ImageBlock.create(), CategoryBlock.create()).getItems(ImageFiles::get)
        .splitter(Splitters.random(0.3, 1)).getY(Labels.parentLabel()).itemTfms(Resize.of(8));
    Path file = root.resolve("shades.fastj");
    try (DataLoaders dls = block.dataloaders(root, 2, DataLoaderOptions.defaults().withNumWorkers(1));
        Learner learn = Learner.builder(dls, Sequential.of(Flatten.create(), Linear.of(3 * 8 * 8, 2))).progress(null)
            .build()) {
      learn.export(file);
    }
    return file;
  }

  /** An untrained tabular classifier's export (Titanic's survived): only what it is matters here. */
  static Path tabularExport(Path file) {
    try (TabularDataLoaders dls = TabularDataLoaders.fromCsv(TabularDatasets.titanic(), List.of("survived"),
        List.of("pclass", "sex"), List.of("age", "fare"), TabularDataLoaders.defaultProcs(),
        Splitters.random(0.2, 1), 64);
        Learner learn = TabularLearner.builder(dls, TabularConfig.defaults()).progress(null).build()) {
      learn.export(file);
    }
    return file;
  }

  /** A classification struct equal to {@code want}: label and index exactly, probabilities to {@code tol}. */
  static void assertSameClassification(Row got, Prediction want, String what, double tol) {
    assertThat(got).as(what).isNotNull();
    assertThat(got.<String>getAs("label")).as(what).isEqualTo(want.label());
    assertThat(got.<Integer>getAs("index")).as(what).isEqualTo(want.index());
    assertThat(got.<Double>getAs("probability")).as(what).isCloseTo(want.probability(), within(tol));
    Map<String, Double> byClass = new LinkedHashMap<>(CollectionConverters.asJava(
        got.<String, Double>getMap(got.fieldIndex("probabilities"))));
    assertThat(byClass.keySet()).as(what).containsExactlyElementsOf(want.classes());
    want.probabilitiesByClass().forEach((k, v) ->
        assertThat(byClass.get(k)).as("%s, class %s", what, k).isCloseTo(v, within(tol)));
  }

  /** The message of what {@code r} throws. */
  static String catchMessage(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a failure");
  }
}
