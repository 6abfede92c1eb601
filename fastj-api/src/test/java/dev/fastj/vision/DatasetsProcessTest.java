package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking Fashion-MNIST from several processes at once, and after one was killed. */
class DatasetsProcessTest {

  @TempDir Path home;

  private Process start() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-Dfastj.home=" + home,
        "-cp", System.getProperty("java.class.path"), UnpackMain.class.getName())
        .redirectErrorStream(true)
        .start();
  }

  @Test
  void withoutTheDatasetsArtifact_saysWhichDependencyToAdd() throws Exception {
    String classPath = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> !e.contains("fastj-datasets"))
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Dfastj.home=" + home, "-cp", classPath,
        UnpackMain.class.getName())
        .redirectErrorStream(true)
        .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isNotZero();
    assertThat(out).contains("add the dependency dev.fastj:fastj-datasets");
    assertThat(home.resolve("data/fashion-mnist")).doesNotExist();
  }

  private static String output(Process p) throws Exception {
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private List<String> dataEntries() throws IOException {
    try (Stream<Path> s = Files.list(home.resolve("data"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static long pngs(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".png")).count();
    }
  }

  @Test
  void twoProcessesAtOnce_bothGetTheCompleteSet_nothingLeftBehind() throws Exception {
    Process a = start();
    Process b = start();
    String rootA = output(a);
    String rootB = output(b);
    Path root = home.resolve("data/fashion-mnist");
    assertThat(rootA).isEqualTo(root.toString());
    assertThat(rootB).isEqualTo(root.toString());
    assertThat(dataEntries()).containsExactly("fashion-mnist");
    assertThat(pngs(root.resolve("train"))).isEqualTo(10_000);
    assertThat(pngs(root.resolve("test"))).isEqualTo(2_000);
  }

  @Test
  void killedWhileUnpacking_leavesNoRoot_andTheNextCallCompletes() throws Exception {
    Process p = start();
    Path data = home.resolve("data");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    boolean unpacking = false;
    while (!unpacking && p.isAlive() && System.nanoTime() < deadline) {
      if (Files.isDirectory(data)) {
        try (Stream<Path> s = Files.list(data)) {
          unpacking = s.anyMatch(d -> d.getFileName().toString().startsWith(".fashion-mnist-unpacking-"));
        }
      }
      Thread.sleep(5);
    }
    assertThat(unpacking).as("saw the temporary unpack folder").isTrue();
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
    // either it was killed before the rename (no root) or it had finished (complete root)
    Path root = data.resolve("fashion-mnist");
    assertThat(!Files.exists(root) || Files.exists(root.resolve(Datasets.COMPLETE_MARKER)))
        .as("no incomplete root").isTrue();

    String previous = System.getProperty("fastj.home");
    System.setProperty("fastj.home", home.toString());
    try {
      assertThat(Datasets.fashionMnist()).isEqualTo(root);
    } finally {
      if (previous == null) {
        System.clearProperty("fastj.home");
      } else {
        System.setProperty("fastj.home", previous);
      }
    }
    assertThat(pngs(root)).isEqualTo(12_000);
  }
}
