package dev.fastj.onnx.proto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A protobuf wire-format encoder that builds a message as a list of byte chunks. Nested
 * messages and large byte fields are appended as chunks without copying, so a model's weights
 * are copied once when the final bytes are assembled (or not at all when streamed to a file).
 */
final class ProtoOutput {

  /** Protobuf wire types. */
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int FIXED32 = 5;

  private static final int SMALL = 256;

  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] buf = new byte[SMALL];
  private int pos;
  private long size;

  /** Total encoded size in bytes. */
  long size() {
    return size;
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      flushBuffer();
      if (n > buf.length) {
        buf = new byte[Math.max(n, SMALL)];
      }
    }
  }

  private void flushBuffer() {
    if (pos > 0) {
      byte[] c = new byte[pos];
      System.arraycopy(buf, 0, c, 0, pos);
      chunks.add(c);
      pos = 0;
    }
  }

  private void rawVarint(long v) {
    ensure(10);
    int start = pos;
    while ((v & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
    size += pos - start;
  }

  private void tag(int field, int wireType) {
    rawVarint(((long) field << 3) | wireType);
  }

  /** A varint field (int32, int64, enum, bool). Negative numbers take ten bytes, as protobuf does. */
  void varint(int field, long v) {
    tag(field, VARINT);
    rawVarint(v);
  }

  /** A float field (fixed32). */
  void float32(int field, float v) {
    tag(field, FIXED32);
    fixed32(Float.floatToRawIntBits(v));
  }

  /** A double field (fixed64). */
  void float64(int field, double v) {
    tag(field, FIXED64);
    fixed64(Double.doubleToRawLongBits(v));
  }

  private void fixed32(int bits) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[pos++] = (byte) (bits >>> (8 * i));
    }
    size += 4;
  }

  private void fixed64(long bits) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (bits >>> (8 * i));
    }
    size += 8;
  }

  /** A UTF-8 string field. */
  void string(int field, String s) {
    bytes(field, s.getBytes(StandardCharsets.UTF_8));
  }

  /** A bytes field; the array is kept by reference and must not change afterwards. */
  void bytes(int field, byte[] b) {
    tag(field, LEN);
    rawVarint(b.length);
    if (b.length <= SMALL) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    } else {
      flushBuffer();
      chunks.add(b);
    }
    size += b.length;
  }

  /** An embedded message field whose body was encoded into {@code body}. */
  void message(int field, ProtoOutput body) {
    tag(field, LEN);
    rawVarint(body.size);
    flushBuffer();
    body.flushBuffer();
    chunks.addAll(body.chunks);
    size += body.size;
  }

  /** The encoded message as one array; fails when it exceeds the 2 GiB protobuf limit. */
  byte[] toBytes() {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("the encoded model has " + size
          + " bytes, over protobuf's 2 GiB limit; ONNX external data is not supported by fastj");
    }
    flushBuffer();
    byte[] out = new byte[(int) size];
    int p = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, out, p, c.length);
      p += c.length;
    }
    return out;
  }

  /** Streams the encoded message to {@code out}. */
  void writeTo(OutputStream out) throws IOException {
    flushBuffer();
    for (byte[] c : chunks) {
      out.write(c);
    }
  }
}
