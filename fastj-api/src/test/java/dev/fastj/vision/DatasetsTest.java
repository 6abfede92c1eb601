package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.image.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

  @TempDir Path home;
  private String previousHome;

  @BeforeEach
  void useTempHome() {
    previousHome = System.getProperty("fastj.home");
    System.setProperty("fastj.home", home.toString());
  }

  @AfterEach
  void restoreHome() {
    if (previousHome == null) {
      System.clearProperty("fastj.home");
    } else {
      System.setProperty("fastj.home", previousHome);
    }
  }

  private static long countPngs(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".png")).count();
    }
  }

  private static List<String> children(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void fashionMnist_unpacksBalancedClassFolders_onceOnly() throws Exception {
    Path root;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Path> a = pool.submit(Datasets::fashionMnist);
      Future<Path> b = pool.submit(Datasets::fashionMnist);
      root = a.get();
      assertThat(b.get()).isEqualTo(root);
    } finally {
      pool.shutdownNow();
    }
    assertThat(root).isEqualTo(home.resolve("data/fashion-mnist"));
    assertThat(children(root)).containsExactly(".fastj-complete", "COPYRIGHT", "test", "train");
    assertThat(children(root.resolve("train")))
        .containsExactlyInAnyOrderElementsOf(Datasets.FASHION_MNIST_CLASSES);
    for (String cls : Datasets.FASHION_MNIST_CLASSES) {
      assertThat(countPngs(root.resolve("train").resolve(cls))).as("train/" + cls).isEqualTo(1000);
      assertThat(countPngs(root.resolve("test").resolve(cls))).as("test/" + cls).isEqualTo(200);
    }
    // nothing left behind by the unpack
    assertThat(children(home.resolve("data"))).containsExactly("fashion-mnist");

    // trousers are tall and narrow: their middle column is brighter than their edge columns
    ImageTensor trouser = meanImage(root.resolve("train/Trouser"), 50);
    ImageTensor sandal = meanImage(root.resolve("train/Sandal"), 50);
    assertThat(trouser.height()).isEqualTo(28);
    assertThat(columnMean(trouser, 10)).isGreaterThan(columnMean(trouser, 2) + 0.2f);
    assertThat(rowMean(sandal, 4)).isLessThan(rowMean(trouser, 4));

    Path marker = root.resolve(Datasets.COMPLETE_MARKER);
    FileTime before = Files.getLastModifiedTime(marker);
    Path any = root.resolve("test/Bag").resolve(children(root.resolve("test/Bag")).get(0));
    Files.setLastModifiedTime(any, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    assertThat(Datasets.fashionMnist()).isEqualTo(root);
    assertThat(Files.getLastModifiedTime(marker)).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(any).toInstant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
  }

  private static ImageTensor meanImage(Path dir, int n) throws IOException {
    float[] sum = new float[28 * 28];
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().limit(n).toList();
    }
    for (Path f : files) {
      ImageTensor t = Images.read(f, true);
      for (int i = 0; i < sum.length; i++) {
        sum[i] += t.chw()[i] / files.size();
      }
    }
    return new ImageTensor(sum, 1, 28, 28);
  }

  private static float columnMean(ImageTensor t, int x) {
    float s = 0;
    for (int y = 0; y < t.height(); y++) {
      s += t.get(0, y, x);
    }
    return s / t.height();
  }

  private static float rowMean(ImageTensor t, int y) {
    float s = 0;
    for (int x = 0; x < t.width(); x++) {
      s += t.get(0, y, x);
    }
    return s / t.width();
  }

  @Test
  void digits_replacesIncompleteCopy_andRemovesStaleUnpacks() throws IOException {
    Path root = home.resolve("data/digits");
    Files.createDirectories(root);
    Files.writeString(root.resolve("half-written.csv"), "0,1");
    Path stale = Files.createDirectories(home.resolve("data/.digits-unpacking-123"));
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(7200)));
    Path fresh = Files.createDirectories(home.resolve("data/.digits-unpacking-456"));

    assertThat(Datasets.digits()).isEqualTo(root);

    assertThat(children(root)).containsExactly(".fastj-complete", "COPYRIGHT", "digits.csv");
    assertThat(Files.readAllLines(root.resolve("digits.csv"))).hasSize(1797);
    assertThat(stale).doesNotExist();
    assertThat(fresh).exists(); // may belong to another process still unpacking
    assertThat(children(home.resolve("data"))).containsExactly(".digits-unpacking-456", "digits");
  }

  @Test
  void digitsArrays_scaledPixelsAndLabels() {
    DigitsArrays d = Datasets.digitsArrays();
    assertThat(d.size()).isEqualTo(1797);
    assertThat(d.pixels()[0]).hasSize(64);
    // first row of scikit-learn's digits: 0,0,5,13,9,1,0,0,... label 0
    assertThat(d.pixels()[0][2]).isEqualTo(5 / 16f);
    assertThat(d.pixels()[0][3]).isEqualTo(13 / 16f);
    assertThat(d.labels()[0]).isZero();
    assertThat(d.labels()[1]).isEqualTo(1);
    int[] counts = new int[10];
    float max = 0;
    for (int i = 0; i < d.size(); i++) {
      counts[d.labels()[i]]++;
      for (float v : d.pixels()[i]) {
        assertThat(v).isBetween(0f, 1f);
        max = Math.max(max, v);
      }
    }
    assertThat(max).isEqualTo(1f);
    assertThat(counts).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
  }

  @Test
  void home_followsSystemProperty() {
    assertThat(Datasets.dataDir()).isEqualTo(home.resolve("data"));
  }
}
