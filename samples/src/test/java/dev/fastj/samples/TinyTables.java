package dev.fastj.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.samples.cli.CliRunner;
import dev.fastj.tabular.TabularDatasets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Two small tabular models for the server tests, trained once per test JVM through
 * {@code ./fastj train-tabular} (a few seconds): a classifier of the bundled Titanic (2 epochs;
 * age and fare had missing training values, so FillMissing fills them) and a regression
 * {@code y = 2x + 1 if g = a} of 400 made-up rows (x never missing, so it cannot be left out).
 */
public final class TinyTables {

  private static Path root;

  private TinyTables() {}

  /** The Titanic classifier: categorical pclass, sex, sibsp, parch, embarked; continuous age, fare. */
  public static synchronized Path titanic() {
    return build().resolve("titanic.fastj");
  }

  /** The regression of y from g (categorical) and x (continuous). */
  public static synchronized Path regression() {
    return build().resolve("reg.fastj");
  }

  private static Path build() {
    if (root != null) {
      return root;
    }
    try {
      Path dir = Files.createTempDirectory("fastj-tiny-tables");
      train("--csv", TabularDatasets.titanic().toString(), "--target", "survived", "--cat",
          "pclass,sex,sibsp,parch,embarked", "--cont", "age,fare", "--valid-col", "is_valid", "--epochs", "2",
          "--out", dir.resolve("titanic.fastj").toString());
      StringBuilder csv = new StringBuilder("g,x,y\n");
      Random r = new Random(3);
      for (int i = 0; i < 400; i++) {
        double x = r.nextGaussian();
        csv.append(i % 3 == 0 ? "a" : "b").append(',').append(x).append(',').append(2 * x + (i % 3 == 0 ? 1 : 0))
            .append('\n');
      }
      Files.writeString(dir.resolve("reg.csv"), csv.toString());
      train("--csv", dir.resolve("reg.csv").toString(), "--target", "y", "--epochs", "5", "--bs", "16", "--out",
          dir.resolve("reg.fastj").toString());
      root = dir;
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void train(String... args) {
    String[] argv = new String[args.length + 1];
    argv[0] = "train-tabular";
    System.arraycopy(args, 0, argv, 1, args.length);
    assertThat(CliRunner.run(argv)).as("train-tabular %s", String.join(" ", args)).isEqualTo(0);
  }
}
