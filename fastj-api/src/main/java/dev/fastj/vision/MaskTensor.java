package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.internal.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A segmentation mask of one item: one class code per pixel, row major (fastai's
 * {@code TensorMask}). Geometric transforms resample it with nearest neighbour.
 *
 * @param codes class code per pixel, {@code codes[y * width + x]}
 * @param height rows
 * @param width columns
 */
public record MaskTensor(int[] codes, int height, int width) {

  public MaskTensor {
    checkArgument(height > 0 && width > 0, "mask needs positive height and width, got %sx%s", height, width);
    checkArgument(codes.length == height * width, "%s codes do not fill a %sx%s mask", codes.length, height, width);
  }

  /**
   * The decoded mask of one activated output {@code [classes, height, width]} (row major): the most
   * probable code of each pixel (fastai's {@code argmax(dim=0)}), the first on ties.
   */
  public static MaskTensor argmax(float[] chw, int classes, int height, int width) {
    int pixels = height * width;
    checkArgument(classes > 0 && chw.length == (long) classes * pixels, "%s values are not %s classes of %sx%s pixels",
        chw.length, classes, height, width);
    int[] out = new int[pixels];
    for (int p = 0; p < pixels; p++) {
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (chw[k * pixels + p] > chw[best * pixels + p]) {
          best = k;
        }
      }
      out[p] = best;
    }
    return new MaskTensor(out, height, width);
  }

  /** The code at row {@code y}, column {@code x}. */
  public int at(int y, int x) {
    return codes[y * width + x];
  }

  /**
   * This mask resampled to {@code h x w} by nearest neighbour (PyTorch's {@code mode='nearest'}: source
   * pixel {@code floor(dst * in / out)}), or this mask when the size is already that.
   */
  public MaskTensor resize(int h, int w) {
    if (h == height && w == width) {
      return this;
    }
    checkArgument(h > 0 && w > 0, "a mask needs a positive size, got %sx%s", h, w);
    int[] out = new int[h * w];
    for (int y = 0; y < h; y++) {
      int sy = (int) ((long) y * height / h);
      for (int x = 0; x < w; x++) {
        out[y * w + x] = codes[sy * width + (int) ((long) x * width / w)];
      }
    }
    return new MaskTensor(out, h, w);
  }

  /** How many pixels have each code {@code 0..codeCount-1}. */
  public long[] counts(int codeCount) {
    long[] n = new long[codeCount];
    for (int c : codes) {
      checkArgument(c >= 0 && c < codeCount, "mask has code %s, outside the %s codes", c, codeCount);
      n[c]++;
    }
    return n;
  }

  /**
   * Writes the mask as an 8-bit grey PNG whose levels are the codes (camvid's {@code _P.png} layout,
   * which {@link MaskBlock} reads back), atomically: a temporary file in the same folder, then a rename.
   */
  public void writePng(Path png) {
    AtomicFiles.writePng(toImage(), png);
  }

  /** The bytes of the PNG {@link #writePng} writes (what {@code ./fastj serve} sends, in base64). */
  public byte[] toPng() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // an in-memory stream, closed to flush it: ImageIO's default would go through a cache file on disk
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      if (!ImageIO.write(toImage(), "png", ios)) {
        throw new IllegalStateException("this JVM has no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode a " + height + "x" + width + " mask as PNG: " + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }

  private BufferedImage toImage() {
    for (int c : codes) {
      checkArgument(c >= 0 && c < 256, "a PNG mask holds codes 0 to 255, got %s", c);
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = img.getRaster();
    r.setSamples(0, 0, width, height, 0, codes);
    return img;
  }

  /** Equal when the sizes and every code are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof MaskTensor m && m.height == height && m.width == width && Arrays.equals(m.codes, codes);
  }

  @Override
  public int hashCode() {
    return (height * 31 + width) * 31 + Arrays.hashCode(codes);
  }

  @Override
  public String toString() {
    return "MaskTensor(" + height + "x" + width + ")";
  }
}
