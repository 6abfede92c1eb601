package dev.fastj.tabular;

import dev.fastj.vision.Datasets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The tables fastj-tabular ships, written on first use into fastj's data folder
 * ({@link Datasets#dataDir()}), as fastai's {@code untar_data} without a download.
 */
public final class TabularDatasets {

  private TabularDatasets() {}

  /**
   * The Titanic passengers (1,309 rows; scikit-learn's copy of OpenML data set 40945, BSD-3-Clause,
   * its {@code COPYRIGHT} beside it): {@code pclass, survived, name, sex, age, sibsp, parch,
   * ticket, fare, cabin, embarked, boat, body, home.dest}, missing cells empty, and
   * {@code is_valid}, 1 for the 262 rows of scikit-learn's {@code train_test_split(test_size=0.2,
   * random_state=42)}. Returns the CSV file.
   */
  public static Path titanic() {
    Path dir = Datasets.dataDir().resolve("titanic");
    Path csv = dir.resolve("titanic.csv");
    copyOnce("titanic/COPYRIGHT", dir.resolve("COPYRIGHT"));
    copyOnce("titanic/titanic.csv", csv);
    return csv;
  }

  private static void copyOnce(String resource, Path target) {
    if (Files.isRegularFile(target)) {
      return;
    }
    try (InputStream in = Datasets.openBundled("dev/fastj/tabular/datasets/" + resource)) {
      Files.createDirectories(target.getParent());
      Path tmp = target.resolveSibling("." + target.getFileName() + "-" + UUID.randomUUID());
      try {
        Files.copy(in, tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
