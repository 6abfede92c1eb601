package dev.fastj.vision.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.Objects;

/**
 * An image as the models see it: {@code float} values in [0, 1], channels first (CHW), one
 * channel for grey and three for RGB. Mirrors fastai's {@code TensorImage} (with
 * {@code PILImage.create} as {@link Images#read}).
 *
 * <p>The record holds its array as given, without a copy, so that a loader can collate it
 * into a batch cheaply; treat the array as read-only. {@link #equals} and {@link #hashCode}
 * compare the pixel values.
 *
 * <pre>{@code
 * ImageTensor img = Images.read(Path.of("cat.jpg"), false);   // 3 x H x W
 * float red00 = img.get(0, 0, 0);
 * }</pre>
 *
 * @param chw the values, channel by channel, row by row; length channels * height * width
 * @param channels the number of channels, at least 1 (1 grey, 3 RGB)
 * @param height the height in pixels, at least 1
 * @param width the width in pixels, at least 1
 */
public record ImageTensor(float[] chw, int channels, int height, int width) {

  /** Checks that the array holds exactly channels * height * width values. */
  public ImageTensor {
    Objects.requireNonNull(chw, "chw");
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "image shape must be positive, got channels " + channels + ", height " + height
              + ", width " + width);
    }
    long expected = (long) channels * height * width;
    if (chw.length != expected) {
      throw new IllegalArgumentException(
          "chw has " + chw.length + " values but channels*height*width = " + channels + "*"
              + height + "*" + width + " = " + expected + "; pass an array of that length");
    }
  }

  /** A black image of the given shape. */
  public static ImageTensor zeros(int channels, int height, int width) {
    return new ImageTensor(new float[channels * height * width], channels, height, width);
  }

  /** The value of channel {@code c} at row {@code y}, column {@code x}. */
  public float get(int c, int y, int x) {
    return chw[(c * height + y) * width + x];
  }

  /** Whether the image has one channel. */
  public boolean isGrey() {
    return channels == 1;
  }

  /**
   * This image with one channel: the same image if it is already grey, else the ITU-R 601-2
   * luma of the first three channels (PIL's {@code convert('L')}, which fastai uses).
   */
  public ImageTensor toGrey() {
    if (channels == 1) {
      return this;
    }
    requireRgbLike("toGrey");
    int n = height * width;
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = 0.299f * chw[i] + 0.587f * chw[n + i] + 0.114f * chw[2 * n + i];
    }
    return new ImageTensor(out, 1, height, width);
  }

  /** This image with three channels: grey is repeated in R, G and B; RGB is returned as is. */
  public ImageTensor toRgb() {
    if (channels == 3) {
      return this;
    }
    int n = height * width;
    if (channels == 1) {
      float[] out = new float[3 * n];
      System.arraycopy(chw, 0, out, 0, n);
      System.arraycopy(chw, 0, out, n, n);
      System.arraycopy(chw, 0, out, 2 * n, n);
      return new ImageTensor(out, 3, height, width);
    }
    requireRgbLike("toRgb");
    return new ImageTensor(Arrays.copyOf(chw, 3 * n), 3, height, width);
  }

  /**
   * This image as an 8-bit {@link BufferedImage} ({@code TYPE_BYTE_GRAY} for one channel,
   * {@code TYPE_3BYTE_BGR} for three), values clamped to [0, 1] and rounded. Images with two
   * or more than three channels are drawn from their first three (or first) channels.
   */
  public BufferedImage toBufferedImage() {
    int n = height * width;
    if (channels == 1 || channels == 2) {
      BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < n; i++) {
        dst[i] = toByte(chw[i]);
      }
      return img;
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < n; i++) {
      dst[3 * i] = toByte(chw[2 * n + i]);
      dst[3 * i + 1] = toByte(chw[n + i]);
      dst[3 * i + 2] = toByte(chw[i]);
    }
    return img;
  }

  /**
   * Converts any {@link BufferedImage} to an image tensor, grey (one channel) or RGB (three);
   * alpha is dropped as PIL's {@code convert} does. See {@link Images#fromBufferedImage}.
   */
  public static ImageTensor fromBufferedImage(BufferedImage image, boolean grey) {
    return Images.fromBufferedImage(image, grey);
  }

  private void requireRgbLike(String what) {
    if (channels < 3) {
      throw new IllegalStateException(
          what + " needs 1 or at least 3 channels, this image has " + channels);
    }
  }

  private static byte toByte(float v) {
    float c = v < 0f ? 0f : (v > 1f ? 1f : v);
    return (byte) Math.round(c * 255f);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageTensor t
        && t.channels == channels
        && t.height == height
        && t.width == width
        && Arrays.equals(t.chw, chw);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(channels, height, width) + Arrays.hashCode(chw);
  }

  @Override
  public String toString() {
    return "ImageTensor[" + channels + "x" + height + "x" + width + "]";
  }
}
