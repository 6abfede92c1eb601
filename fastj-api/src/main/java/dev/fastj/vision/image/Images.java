package dev.fastj.vision.image;

import dev.fastj.vision.internal.Pixels;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads image files into {@link ImageTensor}s, as fastai's {@code PILImage.create}: JPEG, PNG,
 * BMP, GIF and (through TwelveMonkeys on the class path) WebP, converted to grey or RGB.
 */
public final class Images {

  private Images() {}

  /**
   * Decodes {@code file} into channels-first floats in [0, 1]; {@code grey} gives one channel
   * (ITU-R 601 luma, as PIL's {@code convert('L')}), otherwise three (RGB, alpha dropped).
   *
   * @throws ImageReadException naming the file when it is missing, unreadable or corrupt
   */
  public static ImageTensor read(Path file, boolean grey) {
    BufferedImage img;
    try (InputStream in = Files.newInputStream(file)) {
      // a memory cache: ImageIO.read(InputStream) would spill each file to a temporary file first;
      // ImageIO.read closes the image stream itself
      ImageInputStream iis = new MemoryCacheImageInputStream(new BufferedInputStream(in, 1 << 16));
      img = ImageIO.read(iis);
    } catch (IOException | RuntimeException e) {
      throw new ImageReadException(file, String.valueOf(e.getMessage()), e);
    }
    if (img == null) {
      throw new ImageReadException(file, "not a known image format", null);
    }
    return fromBufferedImage(img, grey);
  }

  /** Converts a decoded AWT image into an {@link ImageTensor} (grey or RGB). */
  public static ImageTensor fromBufferedImage(BufferedImage img, boolean grey) {
    return Pixels.fromBufferedImage(img, grey);
  }

  /** Converts an {@link ImageTensor} (1 or 3 channels, values clamped to [0, 1]) to an AWT RGB image. */
  public static BufferedImage toBufferedImage(ImageTensor t) {
    return Pixels.toBufferedImage(t);
  }
}
