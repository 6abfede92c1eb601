package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export in this JVM, Learner.load in a fresh one: the same predictions. */
class ExportInAnotherProcessTest {

  @Test
  void exportedModel_predictsTheSameInAFreshJvm(@TempDir Path dir) throws Exception {
    FakeData data = FakeData.classification(new long[] {3, 2, 2}, 3, 30, 9, 5, 4);
    Path file = dir.resolve("model.fastj");
    float[] x = (float[]) data.valid().item(2);
    Prediction expected;
    try (Learner learn = Fixtures.learner(data, new FakeBackend()).build()) {
      learn.fit(2, 1e-2);
      learn.export(file);
      expected = learn.predictItem(x);
    }
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        PredictInFreshJvm.class.getName(), file.toString(), "3,2,2"));
    for (float v : x) {
      cmd.add(Float.toString(v));
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("child output: %s", out).isZero();
    String[] parts = out.lines().reduce((a, b) -> b).orElse("").split(" ");
    assertThat(parts[0]).isEqualTo(expected.label());
    float[] want = expected.probabilities();
    assertThat(parts).hasSize(want.length + 1);
    for (int i = 0; i < want.length; i++) {
      assertThat(Float.parseFloat(parts[i + 1])).isCloseTo(want[i], within(1e-6f));
    }
  }
}
