package dev.fastj.vision;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes small PNG files for tests. */
public final class TestImages {

  private TestImages() {}

  /** A {@code w x h} RGB PNG filled with {@code rgb}, with a lighter pixel at (x=1, y=1). */
  public static Path png(Path file, int w, int h, int rgb) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    img.setRGB(Math.min(1, w - 1), Math.min(1, h - 1), 0xffffff);
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  /** A grey PNG whose grey level at each pixel is {@code codes[y * w + x]} (a segmentation mask). */
  public static Path mask(Path file, int w, int h, int[] codes) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.getRaster().setSample(x, y, 0, codes[y * w + x]);
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
    return file;
  }
}
