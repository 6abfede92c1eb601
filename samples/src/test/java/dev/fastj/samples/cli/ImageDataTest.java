package dev.fastj.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.vision.Augment;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What ./fastj train decides about a folder when it is not told: size, channels, batch size, augmentation. */
class ImageDataTest {

  private static Path image(Path dir, String name, int w, int h, int type) throws Exception {
    Files.createDirectories(dir);
    Path f = dir.resolve(name);
    ImageIO.write(new BufferedImage(w, h, type), "png", f.toFile());
    return f;
  }

  private static ImageData parse(String... argv) {
    TrainCommand t = new TrainCommand();
    new CommandLine(t).parseArgs(argv);
    return t.data;
  }

  @Test
  void defaultBatchSize_keeps64_andHalvesDownTo8ForSmallFolders() {
    assertThat(ImageData.defaultBatchSize(60_000)).isEqualTo(64);
    assertThat(ImageData.defaultBatchSize(512)).isEqualTo(64);
    assertThat(ImageData.defaultBatchSize(500)).isEqualTo(32);
    assertThat(ImageData.defaultBatchSize(100)).isEqualTo(8);
    assertThat(ImageData.defaultBatchSize(10)).isEqualTo(8);
  }

  @Test
  void survey_findsTheCommonSizeAndGrey(@TempDir Path dir) throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      files.add(image(dir, i + ".png", 28, 28, BufferedImage.TYPE_BYTE_GRAY));
    }
    files.add(image(dir, "odd.png", 40, 30, BufferedImage.TYPE_BYTE_GRAY));
    FolderSurvey s = FolderSurvey.of(files);
    assertThat(List.of(s.width(), s.height(), s.grey(), s.sampled())).containsExactly(28, 28, true, 6);
    assertThat(s.defaultSize(128, 64)).containsExactly(28, 28);
    files.add(image(dir, "colour.png", 28, 28, BufferedImage.TYPE_INT_RGB));
    assertThat(FolderSurvey.of(files).grey()).isFalse();
  }

  @Test
  void survey_scalesLargeImagesDownToTheCapKeepingTheirShape(@TempDir Path dir) throws Exception {
    FolderSurvey s = FolderSurvey.of(List.of(image(dir, "a.png", 400, 300, BufferedImage.TYPE_INT_RGB)));
    assertThat(s.defaultSize(128, 64)).containsExactly(96, 128);
    Files.writeString(dir.resolve("broken.png"), "not an image");
    assertThat(FolderSurvey.of(List.of(dir.resolve("broken.png"))).defaultSize(128, 64)).containsExactly(64, 64);
  }

  @Test
  void plan_saysWhatTheFolderDecided(@TempDir Path dir) throws Exception {
    for (String c : List.of("a", "b")) {
      for (int i = 0; i < 30; i++) {
        image(dir.resolve("train").resolve(c), i + ".png", 20, 16, BufferedImage.TYPE_BYTE_GRAY);
      }
      image(dir.resolve("valid").resolve(c), "0.png", 20, 16, BufferedImage.TYPE_BYTE_GRAY);
    }
    ImageData.Plan p = parse("--data", dir.toString(), "--grandparent").plan();
    assertThat(List.of(p.height(), p.width(), p.grey(), p.bs())).containsExactly(16, 20, true, 8);
    assertThat(p.said()).contains("size 20x16 (the images' own").contains("grey").contains("batch size 8, not 64");
    ImageData given = parse("--data", dir.toString(), "--grandparent", "--size", "32", "--rgb", "--bs", "4");
    ImageData.Plan q = given.plan();
    assertThat(List.of(q.height(), q.width(), q.grey(), q.bs())).containsExactly(32, 32, false, 4);
    assertThat(q.said()).isEmpty();
  }

  @Test
  void augmentation_onlyWhenAsked_flipsOnlyWhenAsked() {
    assertThat(parse().augment()).isNull();
    assertThat(parse("--no-aug").augment()).isNull();
    Augment asked = parse("--aug").augment();
    assertThat(asked).isNotNull();
    assertThat(asked.doFlip()).isFalse();
    assertThat(parse("--flip").augment().doFlip()).isTrue();
    assertThat(parse("--flip-vert").augment().flipVert()).isTrue();
    assertThatThrownBy(() -> parse("--no-aug", "--flip").augment()).hasMessageContaining("--no-aug turns");
  }

  @Test
  void emptyFolder_isRefusedWithWhatWasLookedFor(@TempDir Path dir) {
    assertThatThrownBy(() -> parse("--data", dir.toString()).plan()).hasMessageContaining("has no images");
  }
}
