package dev.fastj.samples.cli;

import static dev.fastj.samples.cli.CliTest.capture;
import static dev.fastj.samples.cli.CliTest.captureErr;
import static dev.fastj.samples.cli.CliTest.lastLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.tabular.TabularDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./fastj train-tabular and ./fastj predict --csv, on the bundled Titanic. */
class TabularCliTest {

  @Test
  void trainTabular_thenPredictEachRowOfACsv(@TempDir Path dir) throws Exception {
    Path csv = TabularDatasets.titanic();
    Path model = dir.resolve("titanic.fastj");
    String out = capture(() -> assertThat(Main.run(new String[] {"train-tabular", "--csv", csv.toString(),
        "--target", "survived", "--cat", "pclass,sex,sibsp,parch,embarked", "--cont", "age,fare",
        "--valid-col", "is_valid", "--epochs", "2", "--out", model.toString(), "--json"})).isEqualTo(0));
    assertThat(out).contains("training a tabular classifier (2 classes) of 'survived' on 1047 rows, validating on 262")
        .contains("categorical [pclass, sex, sibsp, parch, embarked, age_na, fare_na, age_bin, fare_bin]");
    String json = lastLine(out);
    assertThat(json).contains("\"kind\":\"classification\"").contains("\"vocab\":[\"0\",\"1\"]")
        .contains("\"accuracy\":");
    assertThat(model).exists();
    List<String> lines = Files.readAllLines(csv);
    Path rows = dir.resolve("rows.csv");
    // the header, two passengers, one with a missing age and an unseen port
    Files.writeString(rows, lines.get(0) + "\n" + lines.get(1) + "\n"
        + "3,0,\"X, Mr. Y\",male,,0,0,1,7.5,,Z,,,,1\n");
    String preds = capture(() -> assertThat(Main.run(new String[] {"predict", model.toString(), "--csv",
        rows.toString(), "--json"})).isEqualTo(0));
    String[] printed = preds.strip().split("\n");
    assertThat(printed).hasSize(3);
    assertThat(printed[0]).matches("2\t[01]\t0\\.\\d{4}\t\\([01] 0\\.\\d{4}\\)");
    assertThat(printed[1]).startsWith("3\t");
    assertThat(printed[2]).contains("\"line\":2").contains("\"line\":3").contains("\"probabilities\":{\"0\":");
  }

  @Test
  void aTargetOfManyNumbers_isARegression_andPredictPrintsItsValue(@TempDir Path dir) throws Exception {
    StringBuilder csv = new StringBuilder("g,x,y\n");
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 400; i++) {
      double x = r.nextGaussian();
      csv.append(i % 3 == 0 ? "a" : "b").append(',').append(x).append(',').append(2 * x + (i % 3 == 0 ? 1 : 0))
          .append('\n');
    }
    Path data = dir.resolve("reg.csv");
    Files.writeString(data, csv.toString());
    Path model = dir.resolve("reg.fastj");
    String out = capture(() -> assertThat(Main.run(new String[] {"train-tabular", "--csv", data.toString(),
        "--target", "y", "--epochs", "10", "--bs", "16", "--out", model.toString(), "--json"})).isEqualTo(0));
    assertThat(out).contains("training a tabular regression of 'y' on 320 rows, validating on 80")
        .contains("categorical [g, x_bin]").contains("continuous [x]");
    assertThat(lastLine(out)).contains("\"kind\":\"regression\"").contains("\"rmse\":");
    String noBins = capture(() -> assertThat(Main.run(new String[] {"train-tabular", "--csv", data.toString(),
        "--target", "y", "--epochs", "1", "--bins", "0", "--out", dir.resolve("plain.fastj").toString()})).isEqualTo(0));
    assertThat(noBins).as("--bins 0: fastai's procs alone").contains("categorical [g]\n");
    Path rows = dir.resolve("rows.csv");
    Files.writeString(rows, "g,x\na,1.0\n");
    String preds = capture(() -> assertThat(Main.run(new String[] {"predict", model.toString(), "--csv",
        rows.toString()})).isEqualTo(0));
    // y = 2x + 1 for group a: 3 at x = 1; measured 2.56 after 200 steps
    double v = Double.parseDouble(preds.strip().split("\t")[1]);
    assertThat(v).isBetween(2.0, 4.0);
  }

  @Test
  void trainTabular_refusals_nameTheColumnAndTheFix(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "a,b,y\n1,x,yes\n2,y,yes\n3,x,yes\n4,y,yes\n5,x,yes\n");
    String err = captureErr(() -> assertThat(Main.run(new String[] {"train-tabular", "--csv", csv.toString(),
        "--target", "label", "--out", dir.resolve("m").toString()})).isEqualTo(2));
    assertThat(err).contains("--target label is not a column of").contains("[a, b, y]");
    err = captureErr(() -> assertThat(Main.run(new String[] {"train-tabular", "--csv", csv.toString(),
        "--target", "y", "--bs", "2", "--out", dir.resolve("m").toString()})).isEqualTo(1));
    assertThat(err).contains("target 'y' has one class ('yes')").contains("needs at least two");
    err = captureErr(() -> assertThat(Main.run(new String[] {"train-tabular", "--csv", csv.toString(),
        "--target", "y", "--ps", "1.5", "--out", dir.resolve("m").toString()})).isEqualTo(2));
    assertThat(err).contains("--ps and --embed-p must be in [0, 1) and --wd 0 or more, got 1.5, 0.0, 0.01");
    err = captureErr(() -> assertThat(Main.run(new String[] {"train-tabular", "--csv", csv.toString(),
        "--target", "y", "--layers", "200,0", "--out", dir.resolve("m").toString()})).isEqualTo(2));
    assertThat(err).contains("--layers must be positive sizes such as 200,100, got [200, 0]");
  }

  @Test
  void predictCsv_withAnImageModelOrWithoutFiles_isRefused() {
    String err = captureErr(() -> assertThat(Main.run(new String[] {"predict", "m.fastj"})).isEqualTo(2));
    assertThat(err).contains("--csv FILE for a tabular model");
  }
}
