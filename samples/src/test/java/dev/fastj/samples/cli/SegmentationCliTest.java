package dev.fastj.samples.cli;

import static dev.fastj.samples.cli.CliTest.capture;
import static dev.fastj.samples.cli.CliTest.captureErr;
import static dev.fastj.samples.cli.CliTest.lastLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.samples.TinySegmentation;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./fastj train-unet on a small camvid-style folder, then ./fastj predict writing the mask. */
class SegmentationCliTest {

  @Test
  void trainUnet_thenPredictWritesTheMaskPngAndCountsPixelsPerCode(@TempDir Path dir) throws Exception {
    Path data = TinySegmentation.write(dir.resolve("data"));
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
  void trainUnet_overThePretrainedBodyOfAClassifierExport_finetunesIt(@TempDir Path dir) throws Exception {
    Path stripes = dir.resolve("stripes");
    CliTest.writeStripes(stripes, 20, 1);
    Path cls = dir.resolve("cls.fastj");
    capture(() -> assertThat(Main.run(new String[] {"train", "--data", stripes.toString(), "--size", "16", "--grey",
        "--epochs", "1", "--bs", "16", "--lr", "1e-2", "--out", cls.toString()})).isZero());
    Path data = TinySegmentation.write(dir.resolve("data"));
    Path model = dir.resolve("seg.fastj");
    String out = capture(() -> assertThat(Main.run(new String[] {"train-unet", "--data", data.toString(),
        "--pretrained", cls.toString(), "--epochs", "1", "--bs", "6", "--out", model.toString(), "--json"})).isZero());
    assertThat(out).contains("normalizing with the statistics cls.fastj was trained with")
        .contains("training a U-Net (cls.fastj's body) on 18 images");
    // fine_tune: a table for the frozen epoch, then one for the epochs asked for
    assertThat(out.split("(?m)^epoch +train_loss", -1)).as(out).hasSize(3);
    assertThat(lastLine(out)).contains("\"foreground_acc\":");
    String preds = capture(() -> assertThat(Main.run(new String[] {"predict", model.toString(),
        data.resolve("images/img20.png").toString(), "--mask-dir", dir.resolve("masks").toString(), "--json"}))
        .isZero());
    assertThat(dir.resolve("masks/img20_pred_P.png")).exists();
    assertThat(lastLine(preds)).contains("\"height\":32").contains("\"pixels\":{\"background\":");
    String err = captureErr(() -> assertThat(Main.run(new String[] {"train-unet", "--data", data.toString(),
        "--pretrained", cls.toString(), "--arch", "resnet18", "--out", model.toString()})).isNotEqualTo(0));
    assertThat(err).contains("--arch resnet18 and --pretrained both name the body");
  }

  @Test
  void trainUnet_withoutCodes_saysWhichFileAndOption(@TempDir Path dir) throws Exception {
    Path data = TinySegmentation.write(dir.resolve("data"));
    Files.delete(data.resolve("codes.txt"));
    String err = captureErr(() -> assertThat(Main.run(new String[] {"train-unet", "--data", data.toString(),
        "--out", dir.resolve("m.fastj").toString()})).isNotEqualTo(0));
    assertThat(err).contains("codes.txt does not exist").contains("--codes");
  }
}
