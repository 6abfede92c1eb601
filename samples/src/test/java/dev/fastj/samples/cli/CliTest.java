package dev.fastj.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

  @Test
  void args_parsesOptionsSwitchesAndPositionals() {
    Args a = Args.parse("x", new String[] {"m.fastj", "--bs", "16", "--json", "--lr=0.01", "a.png"},
        Set.of("bs", "lr"), Set.of("json"));
    assertThat(a.integer("bs", 64)).isEqualTo(16);
    assertThat(a.number("lr", 1)).isEqualTo(0.01);
    assertThat(a.flag("json")).isTrue();
    assertThat(a.positional()).containsExactly("m.fastj", "a.png");
  }

  @Test
  void args_rejectsUnknownOptionAndBadNumbers() {
    assertThatThrownBy(() -> Args.parse("train", new String[] {"--epoch", "3"}, Set.of("epochs"), Set.of()))
        .isInstanceOf(CliException.class).hasMessageContaining("unknown option --epoch").hasMessageContaining("--epochs");
    Args a = Args.parse("train", new String[] {"--epochs", "three"}, Set.of("epochs"), Set.of());
    assertThatThrownBy(() -> a.integer("epochs", 1)).hasMessageContaining("'three'");
  }

  @Test
  void json_escapesAndWritesNumbers() {
    assertThat(Json.write(Map.of("a", List.of(1, 2.5, "q\"\n")))).isEqualTo("{\"a\":[1,2.5,\"q\\\"\\n\"]}");
    assertThat(Json.write(List.of(Double.NaN))).isEqualTo("[null]");
  }

  @Test
  void unknownCommand_exitsWithUsageError() {
    assertThat(Main.run(new String[] {"fly"})).isEqualTo(2);
  }

  @Test
  void trainPredictExport_onAFolderOfImages(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    writeStripes(data, 100, 7);
    Path model = dir.resolve("m.fastj");
    String trainOut = capture(() -> assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--size", "16",
        "--grey", "--epochs", "6", "--bs", "16", "--lr", "1e-2", "--out", model.toString(), "--json"})).isZero());
    String last = lastLine(trainOut);
    assertThat(last).startsWith("{\"epochs\":[").contains("\"accuracy\":").contains("\"error_rate\":");
    double acc = Double.parseDouble(last.replaceAll(".*\"accuracy\":([0-9.eE-]+).*", "$1"));
    assertThat(acc).as("horizontal against vertical stripes: %s", trainOut).isGreaterThanOrEqualTo(0.9);

    Path img = Files.list(data.resolve("vertical")).findFirst().orElseThrow();
    String predOut = capture(() -> assertThat(Main.run(new String[] {"predict", model.toString(), img.toString(), "--json"})).isZero());
    assertThat(lastLine(predOut)).startsWith("{\"predictions\":[{\"file\":").contains("\"label\":\"vertical\"");

    Path onnx = dir.resolve("m.onnx");
    assertThat(Main.run(new String[] {"export-onnx", model.toString(), onnx.toString()})).isZero();
    assertThat(Files.size(onnx)).isGreaterThan(1000);
  }

  @Test
  void train_finetunesTheBodyOfAnExport(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    writeStripes(data, 40, 3);
    Path first = dir.resolve("first.fastj");
    assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--size", "16", "--grey", "--epochs", "1",
        "--bs", "16", "--out", first.toString()})).isZero();
    Path second = dir.resolve("second.fastj");
    String out = capture(() -> assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--size", "16",
        "--grey", "--epochs", "1", "--bs", "16", "--pretrained", first.toString(), "--out", second.toString(),
        "--json"})).isZero());
    assertThat(out).contains("training export:first.fastj");
    // fine_tune: one frozen epoch, then --epochs unfrozen ones (the recorder keeps the last fit)
    assertThat(lastLine(out)).startsWith("{\"epochs\":[").contains("\"accuracy\":");
    assertThat(Files.isRegularFile(second)).isTrue();

    // told apart by content: the export is a zip, its plain ONNX model is not
    Path onnx = dir.resolve("whole.onnx");
    assertThat(Main.run(new String[] {"export-onnx", first.toString(), onnx.toString()})).isZero();
    assertThat(ImageData.isZip(onnx)).isFalse();
    assertThat(ImageData.isZip(first)).isTrue();
    // a whole classifier is no body: its output is the logits, not a feature map
    assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--size", "16", "--grey", "--epochs", "1",
        "--pretrained", onnx.toString(), "--out", dir.resolve("third.fastj").toString()})).isEqualTo(1);

    // the export was trained on grey images: colour data is refused with what to do
    assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--size", "16", "--epochs", "1",
        "--pretrained", first.toString(), "--out", dir.resolve("x.fastj").toString()})).isEqualTo(1);
  }

  /** Two classes of 24x24 grey images: noisy horizontal or vertical stripes of random phase. */
  static void writeStripes(Path root, int perClass, long seed) throws Exception {
    Random rnd = new Random(seed);
    for (String cls : List.of("horizontal", "vertical")) {
      Path d = Files.createDirectories(root.resolve(cls));
      for (int i = 0; i < perClass; i++) {
        BufferedImage im = new BufferedImage(24, 24, BufferedImage.TYPE_BYTE_GRAY);
        int phase = rnd.nextInt(6);
        for (int y = 0; y < 24; y++) {
          for (int x = 0; x < 24; x++) {
            int t = cls.equals("horizontal") ? y : x;
            int v = ((t + phase) / 3) % 2 == 0 ? 200 : 40;
            v = Math.max(0, Math.min(255, v + (int) (rnd.nextGaussian() * 20)));
            im.getRaster().setSample(x, y, 0, v);
          }
        }
        ImageIO.write(im, "png", d.resolve(i + ".png").toFile());
      }
    }
  }

  private static String lastLine(String s) {
    String[] lines = s.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static String capture(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
