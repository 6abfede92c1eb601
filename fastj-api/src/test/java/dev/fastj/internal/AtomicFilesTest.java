package dev.fastj.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: the whole new content or the old one, never a temporary file left behind. */
class AtomicFilesTest {

  @TempDir
  Path dir;

  private long files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void write_createsParentsAndReplacesTheOldContent() throws IOException {
    Path f = dir.resolve("a/b/out.txt");
    AtomicFiles.write(f, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
    AtomicFiles.write(f, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
    assertThat(Files.readString(f)).isEqualTo("new");
    try (Stream<Path> s = Files.list(f.getParent())) {
      assertThat(s.toList()).containsExactly(f);
    }
  }

  @Test
  void write_thatFails_keepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
    Path f = dir.resolve("out.txt");
    Files.writeString(f, "old");
    assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
      out.write("half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("out.txt").hasMessageContaining("disk full");
    assertThat(Files.readString(f)).isEqualTo("old");
    assertThat(files()).isEqualTo(1);
  }

  @Test
  void writePng_writesAReadableImage() throws IOException {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    img.setRGB(1, 1, 0xff0000);
    Path f = dir.resolve("img.png");
    AtomicFiles.writePng(img, f);
    BufferedImage back = ImageIO.read(f.toFile());
    assertThat(back.getWidth()).isEqualTo(3);
    assertThat(back.getRGB(1, 1) & 0xffffff).isEqualTo(0xff0000);
  }
}
