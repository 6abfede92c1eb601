package dev.fastj.vision;

import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Run in a separate JVM by {@link ExportAcrossProcessesTest}: loads an export with ONNX Runtime and
 * prints, for each image file given after it, one line with the label and the probabilities.
 */
public final class PredictFilesInFreshJvm {

  private PredictFilesInFreshJvm() {}

  public static void main(String[] args) {
    try (Learner inf = Learner.load(Path.of(args[0]))) {
      for (int i = 1; i < args.length; i++) {
        Prediction p = inf.predict(Path.of(args[i]));
        StringBuilder sb = new StringBuilder(p.label());
        for (float v : p.probabilities()) {
          sb.append(' ').append(String.format(Locale.ROOT, "%.9g", v));
        }
        System.out.println(sb);
      }
    }
  }
}
