package dev.fastj.samples.cli;

import static dev.fastj.samples.cli.CliTest.capture;
import static dev.fastj.samples.cli.CliTest.captureErr;
import static dev.fastj.samples.cli.CliTest.lastLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fastj.samples.PlanetMosaics;
import dev.fastj.vision.Datasets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./fastj train --csv (multi-label, planet's layout) and ./fastj predict on its export; bad CSVs. */
class PlanetCliTest {

  @TempDir
  static Path dir;
  private static Path data;

  @BeforeAll
  static void mosaics() {
    data = dir.resolve("planet");
    PlanetMosaics.write(Datasets.fashionMnist(), data, 160, 40, 3);
  }

  private static String[] train(Path root, String... extra) {
    List<String> a = new java.util.ArrayList<>(List.of("train", "--data", root.toString(), "--csv", "labels.csv",
        "--epochs", "1", "--out", dir.resolve("m.fastj").toString()));
    a.addAll(List.of(extra));
    return a.toArray(new String[0]);
  }

  @Test
  void trainCsv_reportsAccuracyMultiAndF2PerEpoch_andPredictPrintsTagsWithProbabilities() throws Exception {
    String out = capture(() -> assertThat(Main.run(train(data, "--valid-col", "is_valid", "--json"))).isZero());
    assertThat(out).contains("on 160 images (10 tags), validating on 40").contains("names + '.png'")
        .contains("threshold chosen on the validation set: fbeta_score: best threshold");
    JsonNode res = new ObjectMapper().readTree(lastLine(out));
    JsonNode epoch = res.get("epochs").get(0);
    assertThat(epoch.has("accuracy_multi")).isTrue();
    assertThat(epoch.get("fbeta_score").asDouble()).isBetween(0.0, 1.0);
    double threshold = res.get("threshold").asDouble();
    assertThat(threshold).isBetween(0.05, 0.95);
    assertThat(res.get("vocab")).hasSize(10);

    Path image = data.resolve("train/valid_00000.png");
    String pred = capture(() -> assertThat(Main.run(new String[] {"predict", dir.resolve("m.fastj").toString(),
        image.toString(), "--json"})).isZero());
    JsonNode p = new ObjectMapper().readTree(lastLine(pred)).get("predictions").get(0);
    assertThat(p.get("threshold").asDouble()).isEqualTo(threshold);
    p.get("tags").fields().forEachRemaining(e -> assertThat(e.getValue().asDouble()).isGreaterThan(threshold));
    // the tags, most probable first, each with its probability, or a note that none is over the threshold
    String line = pred.lines().filter(l -> l.startsWith(image.toString())).findFirst().orElseThrow();
    assertThat(line).matches(".*\t(([A-Za-z_-]+ 0\\.\\d{4}(, )?)+|\\(no tag over 0\\.\\d\\d\\))");
  }

  @Test
  void trainCsv_withPositionalDefaults_andARandomSplit_trains() throws Exception {
    Path plain = dir.resolve("plain");
    PlanetMosaics.write(Datasets.fashionMnist(), plain, 120, 0, 4);
    // image_name and tags are the first two columns: no --fn-col or --label-col needed
    String out = capture(() -> assertThat(Main.run(train(plain, "--threshold", "0.3", "--json"))).isZero());
    assertThat(new ObjectMapper().readTree(lastLine(out)).get("threshold").asDouble()).isEqualTo(0.3);
  }

  @Test
  void missingTagsColumn_isNamedWithTheColumnsThereAre() {
    String err = captureErr(() -> assertThat(Main.run(train(data, "--label-col", "labels"))).isNotZero());
    assertThat(err).contains("--label-col labels").contains("has no column 'labels'")
        .contains("[image_name, tags, is_valid]");
  }

  @Test
  void imageListedButNotOnDisk_isNamed() throws Exception {
    Path broken = dir.resolve("broken");
    PlanetMosaics.write(Datasets.fashionMnist(), broken, 20, 0, 5);
    Files.delete(broken.resolve("train/train_00007.png"));
    String err = captureErr(() -> assertThat(Main.run(train(broken))).isNotZero());
    assertThat(err).contains("1 image listed in labels.csv is not on disk")
        .contains(broken.resolve("train/train_00007.png").toString()).contains("--folder and --suffix");
  }

  @Test
  void rowWithoutTags_isNamedByLine() throws Exception {
    Path empty = dir.resolve("empty");
    PlanetMosaics.write(Datasets.fashionMnist(), empty, 20, 0, 6);
    Path csv = empty.resolve("labels.csv");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
    lines.set(3, "train_00002,,False");
    Files.write(csv, lines, StandardCharsets.UTF_8);
    String err = captureErr(() -> assertThat(Main.run(train(empty))).isNotZero());
    assertThat(err).contains("line 4 (train_00002) has no tags in column 'tags'").contains("at least one tag");
  }

  @Test
  void csvOptions_withoutCsv_andThresholdWithoutCsv_areRefused() {
    String err = captureErr(() -> assertThat(Main.run(new String[] {"train", "--data", data.toString(),
        "--label-col", "tags", "--out", "m.fastj"})).isNotZero());
    assertThat(err).contains("--label-col is an option of --csv FILE");
    err = captureErr(() -> assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--threshold", "0.3",
        "--out", "m.fastj"})).isNotZero());
    assertThat(err).contains("--threshold is for multi-label data (--csv FILE)");
  }
}
