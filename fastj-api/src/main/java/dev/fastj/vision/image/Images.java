package dev.fastj.vision.image;

import dev.fastj.internal.AtomicFiles;
import dev.fastj.vision.internal.ByteArrayImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads and writes image files as {@link ImageTensor}s. Mirrors fastai's
 * {@code PILImage.create} / {@code PILImageBW.create} (RGB or grey, alpha dropped as PIL's
 * {@code convert} does) and {@code Image.save}.
 *
 * <p>Reads JPEG (RGB, grey and CMYK), PNG (8 and 16 bits, grey, RGB, palette, alpha), BMP,
 * GIF (first frame) and WebP (through TwelveMonkeys ImageIO). A missing, corrupt, truncated or unsupported file
 * throws {@link ImageReadException} naming the file.
 *
 * <pre>{@code
 * ImageTensor img = Images.read(Path.of("shoe.png"), true);   // 1 x H x W, values in [0, 1]
 * Images.write(img, Path.of("copy.png"));
 * }</pre>
 */
public final class Images {

  /** File name extensions (lower case, without dot) that {@link #read} decodes. */
  public static final List<String> EXTENSIONS =
      List.of("jpg", "jpeg", "png", "bmp", "gif", "webp");

  /**
   * Largest image read, in pixels: PIL's limit (twice its {@code MAX_IMAGE_PIXELS}), which
   * stops a small hostile file from claiming a size that exhausts memory.
   */
  public static final long MAX_PIXELS = 178_956_970L;

  private static final float[] BYTE_TO_FLOAT = new float[256];
  private static volatile boolean pluginsScanned;

  static {
    for (int i = 0; i < 256; i++) {
      BYTE_TO_FLOAT[i] = i / 255f;
    }
  }

  private Images() {}

  /** Reads an image as RGB (three channels); see {@link #read(Path, boolean)}. */
  public static ImageTensor read(Path file) {
    return read(file, false);
  }

  /**
   * Reads an image file into a tensor with values in [0, 1]: one channel if {@code grey}
   * (the ITU-R 601-2 luma of colour images, as PIL's {@code convert('L')}), else three (grey
   * images repeated in R, G and B). Alpha is dropped and palettes are expanded.
   *
   * @throws ImageReadException if the file is missing, unreadable, empty, corrupt, truncated
   *     or not in a format listed in {@link #EXTENSIONS}
   */
  public static ImageTensor read(Path file, boolean grey) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ImageReadException(file, "image file not found: " + file + "; check the path", e);
    } catch (AccessDeniedException e) {
      throw new ImageReadException(
          file, "cannot read image " + file + ": permission denied; check its permissions", e);
    } catch (IOException e) {
      throw new ImageReadException(
          file, "cannot read image " + file + ": " + e + "; check that it is a readable file", e);
    }
    return decode(bytes, file, file.toString(), grey);
  }

  /**
   * Decodes an image held in memory (an upload, say); {@code name} is used in error messages.
   *
   * @throws ImageReadException if the bytes are not an image fastj reads
   */
  public static ImageTensor decode(byte[] bytes, String name, boolean grey) {
    return decode(bytes, null, name, grey);
  }

  private static ImageTensor decode(byte[] bytes, Path file, String name, boolean grey) {
    if (bytes.length == 0) {
      throw new ImageReadException(
          file, "image file " + name + " is empty; remove it or replace it with a real image", null);
    }
    String format = "image";
    try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext() && !pluginsScanned) {
        // ImageIO registers plugins once per context; a class loader that came later (an
        // application server, a plugin system) hides TwelveMonkeys' WebP reader until a rescan
        pluginsScanned = true;
        ImageIO.scanForPlugins();
        in.seek(0);
        readers = ImageIO.getImageReaders(in);
      }
      if (!readers.hasNext()) {
        throw new ImageReadException(
            file,
            "unsupported or unrecognised image format in " + name + " (first bytes "
                + firstBytes(bytes) + "); convert it to " + String.join(", ", EXTENSIONS)
                + " or remove it",
            null);
      }
      ImageReader reader = readers.next();
      format = reader.getFormatName().toUpperCase(Locale.ROOT);
      List<String> warnings = new ArrayList<>();
      try {
        reader.setInput(in, true, true);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS) {
          throw new ImageReadException(file,
              "image " + name + " claims " + reader.getWidth(0) + "x" + reader.getHeight(0)
                  + " pixels, more than " + MAX_PIXELS + " (a corrupt file or a decompression"
                  + " bomb); resize it first if it is real",
              null);
        }
        BufferedImage image = reader.read(0, reader.getDefaultReadParam());
        if (!warnings.isEmpty()) {
          // decoders report a truncated file as a warning and return a partly grey image
          throw corrupt(file, name, format, String.join("; ", warnings), null);
        }
        return fromBufferedImage(image, grey);
      } finally {
        reader.dispose();
      }
    } catch (ImageReadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw corrupt(file, name, format, String.valueOf(e.getMessage()), e);
    }
  }

  private static ImageReadException corrupt(
      Path file, String name, String format, String detail, Throwable cause) {
    return new ImageReadException(
        file,
        "cannot decode " + format + " image " + name + " (" + detail
            + "): the file is corrupt or truncated; replace or remove it",
        cause);
  }

  private static String firstBytes(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      sb.append(String.format("%02x", bytes[i] & 0xff));
    }
    return sb.toString();
  }

  /**
   * Writes an image as a PNG file, atomically (a temporary file renamed over the target), 8
   * bits grey for one channel and RGB for three; values are clamped to [0, 1].
   */
  public static void write(ImageTensor image, Path png) {
    AtomicFiles.writePng(image.toBufferedImage(), png);
  }

  /**
   * Converts a decoded image to a tensor, grey or RGB, alpha dropped. 8-bit grey and colour
   * rasters, and packed-int RGB rasters, are read directly from their data buffers; other
   * layouts go through their colour model.
   */
  public static ImageTensor fromBufferedImage(BufferedImage image, boolean grey) {
    ColorModel cm = image.getColorModel();
    WritableRaster raster = image.getRaster();
    if (cm instanceof ComponentColorModel && !cm.isAlphaPremultiplied()) {
      int csType = cm.getColorSpace().getType();
      int colours = cm.getNumColorComponents();
      boolean known = (csType == ColorSpace.TYPE_GRAY && colours == 1)
          || (csType == ColorSpace.TYPE_RGB && colours == 3);
      if (known && raster.getDataBuffer() instanceof DataBufferByte
          && raster.getSampleModel() instanceof ComponentSampleModel && allSizes(cm, 8)) {
        return fromComponentBytes(raster, colours, grey);
      }
      if (csType == ColorSpace.TYPE_CMYK && colours == 4 && allSizes(cm, 8)) {
        return fromCmyk(raster, grey);
      }
      int transfer = raster.getTransferType();
      if (known && (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT
          || transfer == DataBuffer.TYPE_INT)) {
        return fromSamples(raster, cm, colours, grey);
      }
    }
    if (cm instanceof DirectColorModel && !cm.isAlphaPremultiplied()
        && raster.getDataBuffer() instanceof DataBufferInt
        && raster.getSampleModel() instanceof SinglePixelPackedSampleModel && allSizes(cm, 8)
        && cm.getColorSpace().isCS_sRGB()) {
      return fromPackedInts(raster, grey);
    }
    return fromRgb(image, grey);
  }

  private static boolean allSizes(ColorModel cm, int bits) {
    for (int size : cm.getComponentSize()) {
      if (size != bits) {
        return false;
      }
    }
    return true;
  }

  private static ImageTensor fromComponentBytes(WritableRaster raster, int colours, boolean grey) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
    DataBufferByte db = (DataBufferByte) raster.getDataBuffer();
    int ps = sm.getPixelStride();
    int ss = sm.getScanlineStride();
    int tx = raster.getSampleModelTranslateX();
    int ty = raster.getSampleModelTranslateY();
    int base = -ty * ss - tx * ps;
    byte[][] data = new byte[colours][];
    int[] start = new int[colours];
    for (int b = 0; b < colours; b++) {
      int bank = sm.getBankIndices()[b];
      data[b] = db.getData(bank);
      start[b] = db.getOffsets()[bank] + sm.getBandOffsets()[b] + base;
    }
    int n = w * h;
    if (colours == 1) {
      float[] out = new float[grey ? n : 3 * n];
      byte[] d = data[0];
      for (int y = 0; y < h; y++) {
        int src = start[0] + y * ss;
        int dst = y * w;
        for (int x = 0; x < w; x++, src += ps) {
          out[dst + x] = BYTE_TO_FLOAT[d[src] & 0xff];
        }
      }
      if (!grey) {
        System.arraycopy(out, 0, out, n, n);
        System.arraycopy(out, 0, out, 2 * n, n);
      }
      return new ImageTensor(out, grey ? 1 : 3, h, w);
    }
    byte[] r = data[0];
    byte[] g = data[1];
    byte[] bl = data[2];
    if (grey) {
      float[] out = new float[n];
      for (int y = 0; y < h; y++) {
        int off = y * ss;
        int dst = y * w;
        for (int x = 0; x < w; x++, off += ps) {
          out[dst + x] = BYTE_TO_FLOAT[luma(
              r[start[0] + off] & 0xff, g[start[1] + off] & 0xff, bl[start[2] + off] & 0xff)];
        }
      }
      return new ImageTensor(out, 1, h, w);
    }
    float[] out = new float[3 * n];
    for (int y = 0; y < h; y++) {
      int off = y * ss;
      int dst = y * w;
      for (int x = 0; x < w; x++, off += ps) {
        out[dst + x] = BYTE_TO_FLOAT[r[start[0] + off] & 0xff];
        out[n + dst + x] = BYTE_TO_FLOAT[g[start[1] + off] & 0xff];
        out[2 * n + dst + x] = BYTE_TO_FLOAT[bl[start[2] + off] & 0xff];
      }
    }
    return new ImageTensor(out, 3, h, w);
  }

  private static ImageTensor fromSamples(
      WritableRaster raster, ColorModel cm, int colours, boolean grey) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int n = w * h;
    float[] out = new float[colours * n];
    int[] samples = new int[n];
    for (int b = 0; b < colours; b++) {
      float max = (float) ((1L << cm.getComponentSize(b)) - 1);
      raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, b, samples);
      for (int i = 0; i < n; i++) {
        out[b * n + i] = samples[i] / max;
      }
    }
    ImageTensor t = new ImageTensor(out, colours, h, w);
    return grey ? t.toGrey() : t.toRgb();
  }

  private static ImageTensor fromPackedInts(WritableRaster raster, boolean grey) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    SinglePixelPackedSampleModel sm = (SinglePixelPackedSampleModel) raster.getSampleModel();
    int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
    int ss = sm.getScanlineStride();
    int start = ((DataBufferInt) raster.getDataBuffer()).getOffset()
        - raster.getSampleModelTranslateY() * ss - raster.getSampleModelTranslateX();
    int[] masks = sm.getBitMasks();
    int[] shifts = sm.getBitOffsets();
    int n = w * h;
    float[] out = new float[grey ? n : 3 * n];
    for (int y = 0; y < h; y++) {
      int src = start + y * ss;
      int dst = y * w;
      for (int x = 0; x < w; x++) {
        int px = data[src + x];
        int r = (px & masks[0]) >>> shifts[0];
        int g = (px & masks[1]) >>> shifts[1];
        int b = (px & masks[2]) >>> shifts[2];
        if (grey) {
          out[dst + x] = BYTE_TO_FLOAT[luma(r, g, b)];
        } else {
          out[dst + x] = BYTE_TO_FLOAT[r];
          out[n + dst + x] = BYTE_TO_FLOAT[g];
          out[2 * n + dst + x] = BYTE_TO_FLOAT[b];
        }
      }
    }
    return new ImageTensor(out, grey ? 1 : 3, h, w);
  }

  /**
   * CMYK JPEGs (print files) converted as PIL does ({@code (255 - C) * (255 - K) / 255}),
   * not through Java's CMYK colour space, whose result differs from what fastai sees.
   */
  private static ImageTensor fromCmyk(WritableRaster raster, boolean grey) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int n = w * h;
    int[][] cmyk = new int[4][n];
    for (int b = 0; b < 4; b++) {
      raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, b, cmyk[b]);
    }
    float[] out = new float[grey ? n : 3 * n];
    for (int i = 0; i < n; i++) {
      int nk = 255 - cmyk[3][i];
      int r = clip8(nk - mulDiv255(cmyk[0][i], nk));
      int g = clip8(nk - mulDiv255(cmyk[1][i], nk));
      int b = clip8(nk - mulDiv255(cmyk[2][i], nk));
      if (grey) {
        out[i] = BYTE_TO_FLOAT[luma(r, g, b)];
      } else {
        out[i] = BYTE_TO_FLOAT[r];
        out[n + i] = BYTE_TO_FLOAT[g];
        out[2 * n + i] = BYTE_TO_FLOAT[b];
      }
    }
    return new ImageTensor(out, grey ? 1 : 3, h, w);
  }

  private static int mulDiv255(int a, int b) {
    int t = a * b + 128;
    return ((t >> 8) + t) >> 8;
  }

  private static int clip8(int v) {
    return v < 0 ? 0 : Math.min(255, v);
  }

  /** Any other layout (palettes, premultiplied alpha, odd colour spaces): through sRGB. */
  private static ImageTensor fromRgb(BufferedImage image, boolean grey) {
    int w = image.getWidth();
    int h = image.getHeight();
    int n = w * h;
    float[] out = new float[grey ? n : 3 * n];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      int dst = y * w;
      for (int x = 0; x < w; x++) {
        int px = row[x];
        int r = (px >>> 16) & 0xff;
        int g = (px >>> 8) & 0xff;
        int b = px & 0xff;
        if (grey) {
          out[dst + x] = BYTE_TO_FLOAT[luma(r, g, b)];
        } else {
          out[dst + x] = BYTE_TO_FLOAT[r];
          out[n + dst + x] = BYTE_TO_FLOAT[g];
          out[2 * n + dst + x] = BYTE_TO_FLOAT[b];
        }
      }
    }
    return new ImageTensor(out, grey ? 1 : 3, h, w);
  }

  /** PIL's RGB to L conversion, in the same fixed point, so grey values match fastai's. */
  private static int luma(int r, int g, int b) {
    return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
  }
}
