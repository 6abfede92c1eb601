package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskTensorTest {

  @Test
  void toPng_isTheGreyPngWritePngWrites_whoseLevelsAreTheCodes(@TempDir Path dir) throws Exception {
    MaskTensor m = new MaskTensor(new int[] {0, 1, 2, 255, 7, 0}, 2, 3);
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(m.toPng()));
    assertThat(png.getWidth()).isEqualTo(3);
    assertThat(png.getHeight()).isEqualTo(2);
    assertThat(png.getRaster().getSamples(0, 0, 3, 2, 0, new int[6])).containsExactly(0, 1, 2, 255, 7, 0);
    m.writePng(dir.resolve("m_P.png"));
    assertThat(Files.readAllBytes(dir.resolve("m_P.png"))).isEqualTo(m.toPng());
    assertThatThrownBy(() -> new MaskTensor(new int[] {256}, 1, 1).toPng())
        .hasMessageContaining("codes 0 to 255, got 256");
  }
}
