package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export and load across processes on the real backend: a small CNN trained with ONNX Runtime on
 * part of the bundled Fashion-MNIST is exported, then a fresh JVM loads the file with ONNX Runtime
 * and predicts test images; every label and probability equals what the training JVM predicts.
 */
class ExportAcrossProcessesTest {

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

  @Test
  void exportedModel_predictsTheSameInAFreshJvmWithOnnxRuntime(@TempDir Path dir) throws Exception {
    Path root = Datasets.fashionMnist();
    List<String> classes = Datasets.FASHION_MNIST_CLASSES;
    DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(r -> {
          List<Path> out = new ArrayList<>();
          for (String c : classes) {
            out.addAll(TransferLearningTest.first(r.resolve("train").resolve(c), 30));
            out.addAll(TransferLearningTest.first(r.resolve("test").resolve(c), 10));
          }
          return out;
        })
        .splitter(Splitters.grandparent("train", "test"))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(28))
        .batchTfms(Normalize.fromData());
    Path model = dir.resolve("fashion.fastj");
    List<Path> probes = new ArrayList<>();
    for (String c : classes.subList(0, 4)) {
      probes.add(TransferLearningTest.first(root.resolve("test").resolve(c), 11).get(10));
    }
    List<Prediction> expected = new ArrayList<>();
    try (DataLoaders dls = block.dataloaders(root, 32);
        Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).metrics(Metrics.accuracy()).progress(null)
            .build()) {
      learn.fitOneCycle(1, 1e-2);
      learn.export(model);
      for (Path p : probes) {
        expected.add(learn.predict(p));
      }
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), PredictFilesInFreshJvm.class.getName(), model.toString()));
    probes.forEach(p -> cmd.add(p.toString()));
    Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(proc.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(proc.exitValue()).as("child output: %s", out).isZero();
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).hasSize(probes.size());
    for (int i = 0; i < probes.size(); i++) {
      String[] parts = lines.get(i).split(" ");
      Prediction want = expected.get(i);
      assertThat(parts[0]).as("label of %s", probes.get(i)).isEqualTo(want.label());
      float[] probs = want.probabilities();
      assertThat(parts).hasSize(probs.length + 1);
      for (int k = 0; k < probs.length; k++) {
        assertThat(Float.parseFloat(parts[k + 1])).as("p[%s] of %s", k, probes.get(i))
            .isCloseTo(probs[k], within(1e-5f));
      }
    }
  }
}
