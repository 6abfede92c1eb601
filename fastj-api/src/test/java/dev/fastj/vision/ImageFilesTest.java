package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.vision.image.ImageReadException;
import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

  @Test
  void get_findsImagesRecursively_sorted_skipsOtherFiles(@TempDir Path dir) throws Exception {
    TestImages.png(dir.resolve("b/2.png"), 4, 4, 0);
    TestImages.png(dir.resolve("a/deep/1.PNG"), 4, 4, 0);
    Files.writeString(dir.resolve("a/notes.txt"), "x");
    Files.writeString(dir.resolve("a/.hidden.png"), "x");
    List<Path> files = ImageFiles.get(dir);
    assertThat(files).containsExactly(dir.resolve("a/deep/1.PNG"), dir.resolve("b/2.png"));
  }

  @Test
  void get_withFolders_onlyThose_andNamesMissingOnes(@TempDir Path dir) throws Exception {
    TestImages.png(dir.resolve("train/x/1.png"), 4, 4, 0);
    TestImages.png(dir.resolve("test/x/2.png"), 4, 4, 0);
    Files.createDirectories(dir.resolve("empty"));
    assertThat(ImageFiles.get(dir, "train")).containsExactly(dir.resolve("train/x/1.png"));
    assertThatThrownBy(() -> ImageFiles.get(dir, "valid")).hasMessageContaining("'valid'");
    assertThatThrownBy(() -> ImageFiles.get(dir, "empty")).hasMessageContaining("holds no images");
    assertThatThrownBy(() -> ImageFiles.get(dir.resolve("nope"))).hasMessageContaining("nope");
  }

  @Test
  void get_emptyClassFolder_isNamedInAWarning(@TempDir Path dir) throws Exception {
    TestImages.png(dir.resolve("cat/1.png"), 4, 4, 0);
    Files.createDirectories(dir.resolve("dog"));
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(ImageFiles.class.getName());
    List<String> messages = new java.util.ArrayList<>();
    java.util.logging.Handler h = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        messages.add(r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(h);
    try {
      assertThat(ImageFiles.get(dir)).containsExactly(dir.resolve("cat/1.png"));
    } finally {
      log.removeHandler(h);
    }
    assertThat(messages).anySatisfy(m -> assertThat(m).contains(dir.resolve("dog").toString()).contains("holds no images"));
  }

  @Test
  void read_rgbAndGrey_valuesInUnitRange(@TempDir Path dir) throws Exception {
    Path f = TestImages.png(dir.resolve("a.png"), 3, 2, 0xff0000);
    ImageTensor rgb = Images.read(f, false);
    assertThat(rgb.channels()).isEqualTo(3);
    assertThat(rgb.height()).isEqualTo(2);
    assertThat(rgb.width()).isEqualTo(3);
    assertThat(rgb.chw()[0]).isEqualTo(1f);
    assertThat(rgb.chw()[6]).isEqualTo(0f);
    ImageTensor grey = Images.read(f, true);
    assertThat(grey.channels()).isEqualTo(1);
    assertThat(grey.chw()[0]).isCloseTo(0.298f, org.assertj.core.data.Offset.offset(0.003f));
  }

  @Test
  void read_greyPng_keepsRawLevels(@TempDir Path dir) throws Exception {
    Path f = TestImages.mask(dir.resolve("g.png"), 2, 1, new int[] {128, 1});
    ImageTensor grey = Images.read(f, true);
    assertThat(grey.chw()).containsExactly(128 / 255f, 1 / 255f);
    assertThat(Images.read(f, false).channels()).isEqualTo(3);
  }

  @Test
  void read_jpegBmpGif(@TempDir Path dir) throws Exception {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 6, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 8; x++) {
        img.setRGB(x, y, 0x2060c0);
      }
    }
    for (String fmt : List.of("jpg", "bmp", "gif")) {
      Path f = dir.resolve("a." + fmt);
      assertThat(javax.imageio.ImageIO.write(img, fmt, f.toFile())).as(fmt).isTrue();
      ImageTensor t = Images.read(f, false);
      assertThat(t.height()).as(fmt).isEqualTo(6);
      assertThat(t.width()).as(fmt).isEqualTo(8);
      assertThat(t.chw()[2 * 48]).as(fmt).isCloseTo(0xc0 / 255f, org.assertj.core.data.Offset.offset(0.05f));
    }
    assertThat(ImageFiles.get(dir)).hasSize(3);
  }

  @Test
  void read_corruptFile_namesIt(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("broken.png");
    Files.write(f, new byte[] {1, 2, 3, 4});
    assertThatThrownBy(() -> Images.read(f, false)).isInstanceOf(ImageReadException.class)
        .hasMessageContaining("broken.png");
  }
}
