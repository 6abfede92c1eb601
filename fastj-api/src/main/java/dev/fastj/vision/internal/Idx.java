package dev.fastj.vision.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes gzip-compressed IDX files (the MNIST format: big-endian int32 magic,
 * int32 dimensions, then unsigned bytes). Internal to fastj.
 */
public final class Idx {

  /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  /**
   * Images of an IDX file: {@code count} images of {@code rows x cols} unsigned bytes, one
   * after the other in {@code pixels}.
   */
  public record Images(int count, int rows, int cols, byte[] pixels) {
    /** Checks that {@code pixels} holds count * rows * cols bytes. */
    public Images {
      if ((long) count * rows * cols != pixels.length) {
        throw new IllegalArgumentException(
            "pixels has " + pixels.length + " bytes, expected " + count + "*" + rows + "*" + cols);
      }
    }
  }

  private Idx() {}

  /** Reads gzip IDX images from {@code in} (closed afterwards); {@code name} is for messages. */
  public static Images readImages(InputStream in, String name) throws IOException {
    try (DataInputStream data = open(in)) {
      int magic = data.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new IOException(name + " is not an IDX image file (magic " + Integer.toHexString(magic) + ")");
      }
      int count = data.readInt();
      int rows = data.readInt();
      int cols = data.readInt();
      byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(count, rows), cols)];
      data.readFully(pixels);
      return new Images(count, rows, cols, pixels);
    }
  }

  /** Reads gzip IDX labels from {@code in} (closed afterwards); {@code name} is for messages. */
  public static byte[] readLabels(InputStream in, String name) throws IOException {
    try (DataInputStream data = open(in)) {
      int magic = data.readInt();
      if (magic != LABELS_MAGIC) {
        throw new IOException(name + " is not an IDX label file (magic " + Integer.toHexString(magic) + ")");
      }
      byte[] labels = new byte[data.readInt()];
      data.readFully(labels);
      return labels;
    }
  }

  /** Writes images as gzip IDX to {@code out} (closed afterwards). */
  public static void writeImages(Images images, OutputStream out) throws IOException {
    try (DataOutputStream data = gzip(out)) {
      data.writeInt(IMAGES_MAGIC);
      data.writeInt(images.count());
      data.writeInt(images.rows());
      data.writeInt(images.cols());
      data.write(images.pixels());
    }
  }

  /** Writes labels as gzip IDX to {@code out} (closed afterwards). */
  public static void writeLabels(byte[] labels, OutputStream out) throws IOException {
    try (DataOutputStream data = gzip(out)) {
      data.writeInt(LABELS_MAGIC);
      data.writeInt(labels.length);
      data.write(labels);
    }
  }

  private static DataInputStream open(InputStream in) throws IOException {
    return new DataInputStream(new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16));
  }

  private static DataOutputStream gzip(OutputStream out) throws IOException {
    GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
      {
        def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
      }
    };
    return new DataOutputStream(new BufferedOutputStream(gz, 1 << 16));
  }
}
