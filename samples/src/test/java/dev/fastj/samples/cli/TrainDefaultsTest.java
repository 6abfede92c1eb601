package dev.fastj.samples.cli;

import static dev.fastj.samples.cli.CliTest.capture;
import static dev.fastj.samples.cli.CliTest.lastLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.vision.Datasets;
import dev.fastj.vision.DigitsArrays;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fastj train} with no options on folders it was never tuned on (issue 8). The bundled 8x8
 * digits scaled up to 28x28 in Java (1,437 training and 360 validation images, the first 80% of
 * each digit to train/) reach 94.4% in 3 epochs with the defaults, as does a plain PyTorch CNN with
 * the same budget on the same folder (dev/vision/torch_folder_ref.py, 94.4%; the folder is written
 * by {@link MakeDigits28}); on the same digits split at random and scaled by PIL, 98.3% against
 * 97.5%, where the defaults of before this issue reached 52%. Twenty
 * Fashion-MNIST images per class of five classes (a small folder) get a batch of 8, said on the
 * way, and reach 59% against the reference's 20%.
 */
class TrainDefaultsTest {

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

  /** The 8x8 digits scaled bilinearly to 28x28 grey PNGs, the first 80% of each digit's images to train/. */
  static Path digits28(Path root) throws Exception {
    DigitsArrays d = Datasets.digitsArrays();
    int[] seen = new int[10];
    int[] total = new int[10];
    for (int label : d.labels()) {
      total[label]++;
    }
    for (int i = 0; i < d.size(); i++) {
      int label = d.labels()[i];
      BufferedImage small = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < DigitsArrays.PIXELS; p++) {
        int v = Math.round(d.pixels()[i][p] * 255);
        small.getRaster().setSample(p % 8, p / 8, 0, v);
      }
      BufferedImage big = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      var g = big.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(small, 0, 0, 28, 28, null);
      g.dispose();
      String split = seen[label]++ < Math.round(0.8 * total[label]) ? "train" : "valid";
      Path dir = root.resolve(split).resolve(Integer.toString(label));
      Files.createDirectories(dir);
      ImageIO.write(big, "png", dir.resolve(i + ".png").toFile());
    }
    return root;
  }

  private static double accuracy(String out) {
    return Double.parseDouble(lastLine(out).replaceAll(".*\"accuracy\":([0-9.eE-]+).*", "$1"));
  }

  @Test
  void defaults_onScaledDigits_matchThePlainPyTorchReference(@TempDir Path dir) throws Exception {
    Path data = digits28(dir.resolve("digits"));
    String out = capture(() -> assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--grandparent",
        "--epochs", "3", "--out", dir.resolve("m.fastj").toString(), "--json"})).isZero());
    assertThat(out).contains("size 28x28 (the images' own").contains("grey (every image looked at is")
        .contains("no augmentation (--aug to augment)").contains("fit_one_cycle without a learning rate: lr_find");
    // measured 0.944, the PyTorch reference 0.944 on this folder
    assertThat(accuracy(out)).as(out).isGreaterThanOrEqualTo(0.92);
  }

  @Test
  void smallFolder_getsASmallerBatch_andTrains(@TempDir Path dir) throws Exception {
    Path root = Datasets.fashionMnist();
    Path data = dir.resolve("few");
    for (String c : List.of("Pullover", "Dress", "Coat", "Shirt", "Sneaker")) {
      for (String[] split : new String[][] {{"train", "train", "20"}, {"test", "valid", "100"}}) {
        Path to = Files.createDirectories(data.resolve(split[1]).resolve(c));
        List<Path> files = dev.fastj.vision.ImageFiles.get(root.resolve(split[0]).resolve(c));
        for (Path f : files.subList(0, Integer.parseInt(split[2]))) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
    String out = capture(() -> assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--grandparent",
        "--epochs", "3", "--out", dir.resolve("m.fastj").toString(), "--json"})).isZero());
    assertThat(out).contains("batch size 8, not 64: 100 training images would make only 1 batch of 64");
    // measured 0.59 on images of the full set; chance is 0.2, as the reference's batch of 64 ends
    assertThat(accuracy(out)).as(out).isGreaterThanOrEqualTo(0.45);
  }
}
