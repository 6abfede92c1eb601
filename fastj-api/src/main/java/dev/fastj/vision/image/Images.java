package dev.fastj.vision.image;

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
    int w = img.getWidth();
    int h = img.getHeight();
    if (img.getRaster().getNumBands() == 1 && !(img.getColorModel() instanceof java.awt.image.IndexColorModel)) {
      return fromGreyRaster(img, grey);
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    int plane = w * h;
    float[] chw = new float[(grey ? 1 : 3) * plane];
    for (int i = 0; i < plane; i++) {
      int p = argb[i];
      float r = ((p >> 16) & 0xff) / 255f;
      float g = ((p >> 8) & 0xff) / 255f;
      float b = (p & 0xff) / 255f;
      if (grey) {
        chw[i] = Math.round((0.299f * r + 0.587f * g + 0.114f * b) * 255f) / 255f;
      } else {
        chw[i] = r;
        chw[plane + i] = g;
        chw[2 * plane + i] = b;
      }
    }
    return new ImageTensor(chw, grey ? 1 : 3, h, w);
  }

  /**
   * Grey images read from the raster: AWT's getRGB would pass the samples through a linear-to-sRGB
   * conversion and change their values (PIL keeps them).
   */
  private static ImageTensor fromGreyRaster(BufferedImage img, boolean grey) {
    int w = img.getWidth();
    int h = img.getHeight();
    int plane = w * h;
    int bits = img.getColorModel().getComponentSize(0);
    float max = (float) ((1L << bits) - 1);
    int[] samples = img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
    float[] chw = new float[(grey ? 1 : 3) * plane];
    for (int i = 0; i < plane; i++) {
      float v = samples[i] / max;
      chw[i] = v;
      if (!grey) {
        chw[plane + i] = v;
        chw[2 * plane + i] = v;
      }
    }
    return new ImageTensor(chw, grey ? 1 : 3, h, w);
  }

  /** Converts an {@link ImageTensor} (1 or 3 channels, values clamped to [0, 1]) to an AWT RGB image. */
  public static BufferedImage toBufferedImage(ImageTensor t) {
    int w = t.width();
    int h = t.height();
    int plane = w * h;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] rgb = new int[plane];
    float[] v = t.chw();
    for (int i = 0; i < plane; i++) {
      int r = toByte(v[i]);
      int g = t.channels() >= 3 ? toByte(v[plane + i]) : r;
      int b = t.channels() >= 3 ? toByte(v[2 * plane + i]) : r;
      rgb[i] = (r << 16) | (g << 8) | b;
    }
    img.setRGB(0, 0, w, h, rgb, 0, w);
    return img;
  }

  private static int toByte(float v) {
    return Math.max(0, Math.min(255, Math.round(v * 255f)));
  }
}
