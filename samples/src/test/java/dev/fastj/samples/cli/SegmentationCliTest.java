package dev.fastj.samples.cli;

import static dev.fastj.samples.cli.CliTest.capture;
import static dev.fastj.samples.cli.CliTest.captureErr;
import static dev.fastj.samples.cli.CliTest.lastLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./fastj train-unet on a small camvid-style folder, then ./fastj predict writing the mask. */
class SegmentationCliTest {

  /** 24 images of 32x32: a bright square (code 1) and a mid-grey bar (code 2) on a dark background. */
  static Path camvid(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("images"));
    Files.createDirectories(dir.resolve("labels"));
    Random r = new Random(5);
    List<String> valid = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      int[] img = new int[32 * 32];
      int[] mask = new int[32 * 32];
      for (int p = 0; p < img.length; p++) {
        img[p] = 20 + r.nextInt(30);
      }
      int sx = r.nextInt(20);
      int sy = r.nextInt(20);
      int bx = r.nextInt(28);
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          int p = y * 32 + x;
          if (x >= bx && x < bx + 4) {
            img[p] = 130;
            mask[p] = 2;
          }
          if (x >= sx && x < sx + 12 && y >= sy && y < sy + 12) {
            img[p] = 240;
            mask[p] = 1;
          }
        }
      }
      String name = "img" + i;
      write(dir.resolve("images").resolve(name + ".png"), img);
      write(dir.resolve("labels").resolve(name + "_P.png"), mask);
      if (i >= 18) {
        valid.add(name + ".png");
      }
    }
    Files.write(dir.resolve("codes.txt"), List.of("background", "square", "bar"));
    Files.write(dir.resolve("valid.txt"), valid);
    return dir;
  }

  private static void write(Path png, int[] v) throws IOException {
    BufferedImage b = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
    b.getRaster().setSamples(0, 0, 32, 32, 0, v);
    ImageIO.write(b, "png", png.toFile());
  }

  @Test
  void trainUnet_thenPredictWritesTheMaskPngAndCountsPixelsPerCode(@TempDir Path dir) throws Exception {
    Path data = camvid(dir.resolve("data"));
    Path model = dir.resolve("seg.fastj");
    String out = capture(() -> assertThat(Main.run(new String[] {"train-unet", "--data", data.toString(),
        "--epochs", "2", "--bs", "6", "--out", model.toString(), "--json"})).isEqualTo(0));
    assertThat(out).contains("training a U-Net (xresnet-small) on 18 images with 3 codes, validating on 6");
    assertThat(lastLine(out)).contains("\"foreground_acc\":").contains("\"dice_multi\":")
        .contains("\"codes\":[\"background\",\"square\",\"bar\"]");
    Path masks = dir.resolve("masks");
    String preds = capture(() -> assertThat(Main.run(new String[] {"predict", model.toString(),
        data.resolve("images/img20.png").toString(), "--mask-dir", masks.toString(), "--json"})).isEqualTo(0));
    Path png = masks.resolve("img20_pred_P.png");
    BufferedImage mask = ImageIO.read(png.toFile());
    assertThat(mask.getWidth()).isEqualTo(32);
    assertThat(mask.getHeight()).isEqualTo(32);
    String json = lastLine(preds);
    assertThat(json).contains("\"mask\":\"" + png + "\"").contains("\"height\":32").contains("\"pixels\":{\"background\":");
    long total = 0;
    for (String code : List.of("background", "square", "bar")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + code + "\":(\\d+)").matcher(json);
      assertThat(m.find()).isTrue();
      total += Long.parseLong(m.group(1));
    }
    assertThat(total).isEqualTo(32 * 32);
  }

  @Test
  void trainUnet_withoutCodes_saysWhichFileAndOption(@TempDir Path dir) throws Exception {
    Path data = camvid(dir.resolve("data"));
    Files.delete(data.resolve("codes.txt"));
    String err = captureErr(() -> assertThat(Main.run(new String[] {"train-unet", "--data", data.toString(),
        "--out", dir.resolve("m.fastj").toString()})).isNotEqualTo(0));
    assertThat(err).contains("codes.txt does not exist").contains("--codes");
  }
}
