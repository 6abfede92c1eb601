package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.data.DataLoaders;
import dev.fastj.data.TensorData;
import dev.fastj.learner.Learner;
import dev.fastj.metrics.Metrics;
import dev.fastj.spi.Device;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fastai's {@code set_seed(seed, reproducible=True)}: a vision learner (fastai's head, with two
 * Dropout layers) trained twice with the same seeds ends with bit-identical weights and metrics,
 * through freezing and unfreezing ({@code fineTune}).
 */
class ReproducibleLearnerTest {

  @TempDir
  static Path home;
  private static String previousHome;

  @BeforeAll
  static void privateDataHome() {
    previousHome = System.getProperty("fastj.home");
    System.setProperty("fastj.home", home.toString());
  }

  @AfterAll
  static void restoreDataHome() {
    if (previousHome == null) {
      System.clearProperty("fastj.home");
    } else {
      System.setProperty("fastj.home", previousHome);
    }
  }

  private record Run(Map<String, float[]> weights, double[] metrics) {}

  private static Run train(long seed) {
    try (DataLoaders dls = TransferLearningTest.dataloaders(Datasets.fashionMnist(), TransferLearningTest.TARGET, 10,
        seed);
        Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).metrics(Metrics.accuracy()).progress(null)
            .device(Device.cpu(2).withDeterministic(true)).seed(seed).build()) {
      learn.freeze();
      learn.fitOneCycle(1, 5e-3);
      learn.unfreeze();
      learn.fitOneCycle(1, 1e-3);
      Map<String, float[]> w = new TreeMap<>();
      for (Map.Entry<String, TensorData> e : learn.model().stateDict(true).entrySet()) {
        w.put(e.getKey(), e.getValue().toFloatArray());
      }
      return new Run(w, learn.validate());
    }
  }

  @Test
  void sameSeeds_giveBitIdenticalWeightsAndMetrics() {
    Run a = train(1);
    Run b = train(1);
    assertThat(b.metrics()).containsExactly(a.metrics());
    assertThat(b.weights().keySet()).isEqualTo(a.weights().keySet());
    a.weights().forEach((name, v) -> assertThat(b.weights().get(name)).as(name).isEqualTo(v));
    Run other = train(2);
    assertThat(other.weights().keySet()).isEqualTo(a.weights().keySet());
    assertThat(a.weights().keySet()).anyMatch(n -> !Arrays.equals(other.weights().get(n), a.weights().get(n)));
  }
}
