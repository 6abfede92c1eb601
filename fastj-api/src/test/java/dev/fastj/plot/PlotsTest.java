package dev.fastj.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

  @TempDir Path dir;

  static BufferedImage readPng(Path png) throws IOException {
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).as("decodable PNG " + png).isNotNull();
    return img;
  }

  static long countColour(BufferedImage img, int rgb, int tolerance) {
    long n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= tolerance
            && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= tolerance
            && Math.abs((p & 0xff) - (rgb & 0xff)) <= tolerance) {
          n++;
        }
      }
    }
    return n;
  }

  private void assertOnlyFile(Path png) throws IOException {
    try (Stream<Path> files = Files.list(png.getParent())) {
      assertThat(files).containsExactly(png);
    }
  }

  @Test
  void line_lossCurves_drawsEachSeriesInItsColour() throws IOException {
    double[] train = new double[100];
    for (int i = 0; i < train.length; i++) {
      train[i] = 2.0 * Math.exp(-i / 30.0) + 0.1;
    }
    Series valid = new Series("valid", new double[] {33, 66, 99}, new double[] {1.0, 0.6, 0.5});
    Path png = dir.resolve("losses.png");
    Plots.line(LinePlot.of("iteration", "loss", Series.of("train", train), valid)
        .withTitle("losses"), png);
    BufferedImage img = readPng(png);
    assertThat(img.getWidth()).isEqualTo(LinePlot.DEFAULT_WIDTH);
    assertThat(img.getHeight()).isEqualTo(LinePlot.DEFAULT_HEIGHT);
    assertThat(countColour(img, 0x1f77b4, 10)).as("train line pixels").isGreaterThan(300);
    assertThat(countColour(img, 0xff7f0e, 10)).as("valid line pixels").isGreaterThan(100);
    assertThat(countColour(img, 0xff0000, 10)).as("no marker").isZero();
    assertOnlyFile(png);
  }

  @Test
  void line_logXWithMarker_drawsRedPoint() throws IOException {
    int n = 100;
    double[] lrs = new double[n];
    double[] losses = new double[n];
    for (int i = 0; i < n; i++) {
      lrs[i] = 1e-7 * Math.pow(1e8, i / (n - 1.0));
      losses[i] = 2.3 - Math.exp(-Math.pow(Math.log10(lrs[i]) + 3, 2));
    }
    Path png = dir.resolve("lr_find.png");
    Plots.line(LinePlot.of("Learning Rate", "Loss", new Series("loss", lrs, losses))
        .withLogX(true).withMarker(new Marker(1e-3, 1.3, "valley: 1.00e-03")).withSize(600, 400),
        png);
    BufferedImage img = readPng(png);
    assertThat(img.getWidth()).isEqualTo(600);
    assertThat(countColour(img, 0xff0000, 10)).as("marker pixels").isGreaterThan(40);
  }

  @Test
  void line_logXRejectsNonPositiveX() {
    assertThatThrownBy(() -> LinePlot.of("lr", "loss",
            new Series("loss", new double[] {0, 1}, new double[] {1, 2})).withLogX(true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x 0.0")
        .hasMessageContaining("log x axis");
    assertThatThrownBy(() -> new Series("s", new double[2], new double[3]))
        .hasMessageContaining("2 x values but 3 y values");
  }

  @Test
  void confusionMatrix_darkestCellIsTheLargestCount() throws IOException {
    int[][] counts = {{50, 2, 0}, {5, 40, 1}, {0, 3, 45}};
    Path png = dir.resolve("cm.png");
    Plots.confusionMatrix(counts, List.of("cat", "dog", "horse"), png);
    BufferedImage img = readPng(png);
    assertThat(img.getWidth()).isGreaterThan(300);
    // the largest count fills its cell with the darkest blue; others are lighter
    assertThat(countColour(img, 0x08306b, 0)).isGreaterThan(1000);
    assertThat(countColour(img, 0xf7fbff, 0)).as("zero cells").isGreaterThan(1000);
    assertOnlyFile(png);
  }

  @Test
  void confusionMatrix_rejectsNonSquare() {
    assertThatThrownBy(() -> Plots.confusionMatrix(new int[][] {{1, 2}}, List.of("a", "b"),
        dir.resolve("x.png")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counts has 1 rows but there are 2 labels");
  }
}
