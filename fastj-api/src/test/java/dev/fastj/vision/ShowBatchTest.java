package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.image.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowBatchTest {

  @TempDir Path dir;

  private static ImageTensor flat(float r, float g, float b, int side) {
    int n = side * side;
    float[] v = new float[3 * n];
    Arrays.fill(v, 0, n, r);
    Arrays.fill(v, n, 2 * n, g);
    Arrays.fill(v, 2 * n, 3 * n, b);
    return new ImageTensor(v, 3, side, side);
  }

  @Test
  void grid_scalesSmallImagesUpAndLaysOutRows() throws IOException {
    List<ImageTensor> images = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      images.add(flat(i / 4f, 0f, 1f - i / 4f, 28));
      titles.add("class " + i);
    }
    Path png = dir.resolve("batch.png");
    ShowBatch.grid(images, titles, 3, png);
    BufferedImage img = ImageIO.read(png.toFile());
    // 28 px scaled by ceil(128 / 28) = 5 to 140 px cells; 3 columns, 2 rows, 8 px gaps
    assertThat(img.getWidth()).isEqualTo(8 + 3 * (140 + 8));
    assertThat(img.getHeight()).isGreaterThan(2 * 140 + 3 * 8);
    int cellTop = img.getHeight() - 8 - 140; // second row's image area ends 8 px above the bottom
    // image 4 (second row, second column) is pure red
    assertThat(img.getRGB(8 + 148 + 70, cellTop + 70) & 0xffffff).isEqualTo(0xff0000);
    // image 3 (second row, first column): 0.75 red, 0.25 blue
    assertThat(img.getRGB(8 + 70, cellTop + 70) & 0xffffff).isEqualTo(0xbf0040);
    // third cell of the second row is empty
    assertThat(img.getRGB(8 + 2 * 148 + 70, cellTop + 70) & 0xffffff).isEqualTo(0xffffff);
  }

  @Test
  void grid_greyImageWithFigureTitle() throws IOException {
    ImageTensor grey = Images.fromBufferedImage(
        new BufferedImage(300, 200, BufferedImage.TYPE_BYTE_GRAY), true);
    Path png = dir.resolve("big.png");
    ShowBatch.grid(List.of(grey), List.of("a rather long title that wraps over lines"), 4,
        "Prediction/Actual/Loss/Probability", png);
    BufferedImage img = ImageIO.read(png.toFile());
    // 300 px is scaled down to the 256 px maximum cell
    assertThat(img.getWidth()).isEqualTo(8 + 256 + 8);
  }

  @Test
  void gridWithMasks_overlaysCodeColours() throws IOException {
    ImageTensor black = flat(0, 0, 0, 32);
    int[] mask = new int[32 * 32];
    Arrays.fill(mask, 16 * 32, mask.length, 3); // bottom half is code 3
    Path png = dir.resolve("masks.png");
    ShowBatch.gridWithMasks(List.of(black), List.of(mask), List.of("a", "b", "c", "d"),
        null, 1, png);
    BufferedImage img = ImageIO.read(png.toFile());
    int top = img.getRGB(8 + 20, 8 + 20) & 0xffffff;
    int bottom = img.getRGB(8 + 20, 8 + 110) & 0xffffff;
    // half-transparent tab20 colour 0 (0x1f77b4) over black, then colour 3 (0xd62728)
    assertThat((top >> 16) & 0xff).isBetween(0x0c, 0x12);
    assertThat(top & 0xff).isBetween(0x58, 0x5c);
    assertThat((bottom >> 16) & 0xff).isBetween(0x68, 0x6d);
    assertThatThrownBy(() -> ShowBatch.gridWithMasks(List.of(black), List.of(new int[3]), null,
        null, 1, png))
        .hasMessageContaining("mask 0 has 3 codes but image 0 is 32x32");
  }

  @Test
  void gridWithPoints_drawsRedDots() throws IOException {
    ImageTensor white = flat(1, 1, 1, 32);
    Path png = dir.resolve("points.png");
    ShowBatch.gridWithPoints(List.of(white), List.of(new float[] {8f, 8f, 24f, 16f}), null, 1,
        png);
    BufferedImage img = ImageIO.read(png.toFile());
    // 32 px scaled by 4: point (8, 8) lands at (32, 32) in the cell, (24, 16) at (96, 64)
    assertThat(img.getRGB(8 + 32, 8 + 32) & 0xffffff).isEqualTo(0xff0000);
    assertThat(img.getRGB(8 + 96, 8 + 64) & 0xffffff).isEqualTo(0xff0000);
    assertThat(img.getRGB(8 + 64, 8 + 100) & 0xffffff).isEqualTo(0xffffff);
    assertThatThrownBy(() -> ShowBatch.gridWithPoints(List.of(white), List.of(new float[3]),
        null, 1, png)).hasMessageContaining("pass x, y pairs");
  }

  @Test
  void grid_rejectsBadArguments() {
    Path png = dir.resolve("x.png");
    assertThatThrownBy(() -> ShowBatch.grid(List.of(), null, 3, png))
        .hasMessageContaining("images is empty");
    assertThatThrownBy(() -> ShowBatch.grid(List.of(flat(0, 0, 0, 4)), List.of("a", "b"), 3, png))
        .hasMessageContaining("titles has 2 entries but there are 1 images");
    assertThatThrownBy(() -> ShowBatch.grid(List.of(flat(0, 0, 0, 4)), null, 0, png))
        .hasMessageContaining("cols must be at least 1, got 0");
  }
}
