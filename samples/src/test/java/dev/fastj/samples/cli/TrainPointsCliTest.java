package dev.fastj.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./fastj train-points} and {@code ./fastj predict} of a point model, in this and another process. */
class TrainPointsCliTest {

  @TempDir
  Path dir;

  /** {@code n} 32x32 grey images with a bright 6x6 square at random; its centre is the point. */
  private void squares(int n) throws Exception {
    Random rnd = new Random(5);
    Files.createDirectories(dir.resolve("images"));
    StringBuilder csv = new StringBuilder("image,cx,cy\n");
    for (int i = 0; i < n; i++) {
      int x0 = 2 + rnd.nextInt(24);
      int y0 = 2 + rnd.nextInt(24);
      BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = y0; y < y0 + 6; y++) {
        for (int x = x0; x < x0 + 6; x++) {
          img.getRaster().setSample(x, y, 0, 230);
        }
      }
      ImageIO.write(img, "png", dir.resolve("images/" + i + ".png").toFile());
      csv.append("images/").append(i).append(".png,").append(x0 + 3).append(',').append(y0 + 3).append('\n');
    }
    Files.writeString(dir.resolve("points.csv"), csv);
  }

  @Test
  void trainPoints_thenPredictInAnotherProcess_givesPixels() throws Exception {
    squares(320);
    Path model = dir.resolve("squares.fastj");
    String out = CliTest.capture(() -> assertThat(Main.run(new String[] {"train-points", "--data", dir.toString(),
        "--x-col", "cx", "--y-col", "cy", "--epochs", "4", "--lr", "5e-3", "--bs", "32", "--out", model.toString(),
        "--json"})).isZero());
    List<String> lines = out.lines().toList();
    JsonNode res = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    double err = res.get("mean_pixel_error").asDouble();
    // the centre of the canvas is about 7 px from a random square's centre on average
    assertThat(err).as("mean pixel error of the exported model on the validation images").isLessThan(3.0);
    assertThat(res.get("epochs")).hasSize(4);
    assertThat(res.get("points").asInt()).isEqualTo(1);

    Path probe = dir.resolve("images/3.png");
    Prediction here;
    try (Learner learn = Learner.load(model)) {
      here = learn.predict(probe);
    }
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "predict", model.toString(), probe.toString(),
        "--json");
    Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String child = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(proc.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(proc.exitValue()).as("child output: %s", child).isZero();
    List<String> childLines = child.lines().filter(l -> !l.isBlank()).toList();
    assertThat(childLines.get(0)).startsWith(probe + "\t(");
    JsonNode pts = new ObjectMapper().readTree(childLines.get(childLines.size() - 1))
        .get("predictions").get(0).get("points");
    assertThat(pts).hasSize(1);
    assertThat((float) pts.get(0).get(0).asDouble()).isCloseTo(here.points()[0], within(1e-4f));
    assertThat((float) pts.get(0).get(1).asDouble()).isCloseTo(here.points()[1], within(1e-4f));
  }

  @Test
  void trainPoints_refusesAMissingColumnAMissingImageAndAPointOutsideItsImage() throws Exception {
    squares(12);
    Path model = dir.resolve("m.fastj");
    String err = CliTest.captureErr(() -> assertThat(Main.run(new String[] {"train-points", "--data", dir.toString(),
        "--out", model.toString()})).isEqualTo(2));
    assertThat(err).contains("has no column 'x' (--x-col)").contains("[image, cx, cy]");

    Files.writeString(dir.resolve("points.csv"), "image,cx,cy\nimages/0.png,4,4\nimages/gone.png,5,5\n");
    err = CliTest.captureErr(() -> assertThat(Main.run(new String[] {"train-points", "--data", dir.toString(),
        "--x-col", "cx", "--y-col", "cy", "--out", model.toString()})).isEqualTo(2));
    assertThat(err).contains("line 3: images/gone.png").contains("relative to --data");

    StringBuilder csv = new StringBuilder("image,cx,cy\n");
    for (int i = 0; i < 12; i++) {
      csv.append("images/").append(i).append(".png,").append(i == 5 ? 40 : 4).append(",4\n");
    }
    Files.writeString(dir.resolve("points.csv"), csv);
    err = CliTest.captureErr(() -> assertThat(Main.run(new String[] {"train-points", "--data", dir.toString(),
        "--x-col", "cx", "--y-col", "cy", "--bs", "2", "--epochs", "1", "--lr", "1e-3", "--out", model.toString()}))
        .isNotZero());
    assertThat(err).contains("point (40.0, 4.0) is outside its 32x32 image");
    assertThat(model).doesNotExist();
  }
}
