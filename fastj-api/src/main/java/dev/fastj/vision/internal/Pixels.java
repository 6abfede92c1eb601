package dev.fastj.vision.internal;

import dev.fastj.vision.image.ImageTensor;
import java.awt.image.BufferedImage;

/** Conversions between AWT images and {@link ImageTensor}s, shared by the image blocks and plots. */
public final class Pixels {

  private Pixels() {}

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
  static ImageTensor fromGreyRaster(BufferedImage img, boolean grey) {
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
