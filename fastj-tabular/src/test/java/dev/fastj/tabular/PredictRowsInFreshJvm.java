package dev.fastj.tabular;

import dev.fastj.data.Csv;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Preds;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Run in a separate JVM by {@link TitanicLearningTest}: loads a tabular export and prints, for each
 * row of a CSV, the probabilities of the classes.
 */
public final class PredictRowsInFreshJvm {

  private PredictRowsInFreshJvm() {}

  public static void main(String[] args) {
    try (Learner inf = Learner.load(Path.of(args[0]))) {
      Preds p = inf.getPreds(inf.testDl(Csv.rows(Path.of(args[1]))));
      for (float[] row : p.probabilities()) {
        StringBuilder sb = new StringBuilder();
        for (float v : row) {
          sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.9g", v));
        }
        System.out.println(sb);
      }
    }
  }
}
