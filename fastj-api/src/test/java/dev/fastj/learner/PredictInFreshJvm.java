package dev.fastj.learner;

import dev.fastj.data.TensorData;
import dev.fastj.spi.Device;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Run in a separate JVM by {@link ExportInAnotherProcessTest}: loads an export and prints the
 * label and the probabilities for an input given on the command line.
 */
public final class PredictInFreshJvm {

  private PredictInFreshJvm() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    long[] shape = Arrays.stream(args[1].split(",")).mapToLong(Long::parseLong).toArray();
    float[] x = new float[args.length - 2];
    for (int i = 2; i < args.length; i++) {
      x[i - 2] = Float.parseFloat(args[i]);
    }
    try (Learner inf = Learner.load(file, new FakeBackend(), Device.cpu())) {
      Prediction p = inf.predict(TensorData.ofFloats(x, shape));
      StringBuilder sb = new StringBuilder(p.label());
      for (float v : p.probabilities()) {
        sb.append(' ').append(String.format(Locale.ROOT, "%.9g", v));
      }
      System.out.println(sb);
    }
  }
}
