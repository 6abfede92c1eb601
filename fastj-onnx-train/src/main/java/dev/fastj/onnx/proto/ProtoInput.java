package dev.fastj.onnx.proto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A protobuf wire-format decoder over a range of a byte array. Every read checks bounds and
 * reports a malformed or truncated input as an {@link OnnxFormatException} with the offset.
 */
final class ProtoInput {

  private final byte[] data;
  private final String source;
  private final int limit;
  private int pos;
  private int lastTagPos;

  ProtoInput(byte[] data, String source) {
    this(data, source, 0, data.length);
  }

  private ProtoInput(byte[] data, String source, int start, int limit) {
    this.data = data;
    this.source = source;
    this.pos = start;
    this.limit = limit;
  }

  boolean hasMore() {
    return pos < limit;
  }

  /** The offset of the next byte to read. */
  int position() {
    return pos;
  }

  /** The offset of the last tag read. */
  int tagPosition() {
    return lastTagPos;
  }

  OnnxFormatException error(String message) {
    return new OnnxFormatException(source, lastTagPos, message);
  }

  OnnxFormatException errorAt(int offset, String message) {
    return new OnnxFormatException(source, offset, message);
  }

  /** Reads a field tag; returns it whole (field number << 3 | wire type). */
  int readTag() {
    lastTagPos = pos;
    long t = readRawVarint();
    int field = (int) (t >>> 3);
    if (t > 0xFFFFFFFFL || field == 0) {
      throw errorAt(lastTagPos, "invalid field tag " + t + " (not an ONNX protobuf, or corrupted)");
    }
    return (int) t;
  }

  long readRawVarint() {
    int start = pos;
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw errorAt(start, "truncated varint (the file ends or a message is cut short)");
      }
      byte b = data[pos++];
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw errorAt(start, "malformed varint longer than 10 bytes");
  }

  int readFixed32() {
    require(4, "fixed32");
    int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16
        | (data[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  long readFixed64() {
    require(8, "fixed64");
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (long) (data[pos + i] & 0xff) << (8 * i);
    }
    pos += 8;
    return v;
  }

  float readFloat() {
    return Float.intBitsToFloat(readFixed32());
  }

  double readDouble() {
    return Double.longBitsToDouble(readFixed64());
  }

  private void require(long n, String what) {
    if (n > limit - pos) {
      throw errorAt(pos, "truncated " + what + ": needs " + n + " bytes, " + (limit - pos) + " left");
    }
  }

  private int readLength(String what) {
    int at = pos;
    long len = readRawVarint();
    if (len < 0 || len > limit - pos) {
      throw errorAt(at, "truncated " + what + ": length " + len + " but only " + (limit - pos)
          + " bytes left in the enclosing message");
    }
    return (int) len;
  }

  /** Reads a length-delimited field's bytes (a copy). */
  byte[] readBytes() {
    int len = readLength("bytes field");
    byte[] out = new byte[len];
    System.arraycopy(data, pos, out, 0, len);
    pos += len;
    return out;
  }

  /** Reads a length-delimited field as strict UTF-8. */
  String readString() {
    int at = pos;
    int len = readLength("string field");
    try {
      CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data, pos, len));
      pos += len;
      return cb.toString();
    } catch (CharacterCodingException e) {
      throw errorAt(at, "string field is not valid UTF-8 (corrupted file?)");
    }
  }

  /** Reads a length-delimited field as a nested decoder over its bytes. */
  ProtoInput readMessage() {
    int len = readLength("embedded message");
    ProtoInput sub = new ProtoInput(data, source, pos, pos + len);
    sub.lastTagPos = pos;
    pos += len;
    return sub;
  }

  /** Skips a field of wire type {@code wireType} (unknown fields are allowed, as protobuf does). */
  void skip(int wireType) {
    switch (wireType) {
      case ProtoOutput.VARINT -> readRawVarint();
      case ProtoOutput.FIXED64 -> {
        require(8, "fixed64");
        pos += 8;
      }
      case ProtoOutput.LEN -> {
        int len = readLength("field");
        pos += len;
      }
      case ProtoOutput.FIXED32 -> {
        require(4, "fixed32");
        pos += 4;
      }
      default -> throw errorAt(lastTagPos, "unsupported protobuf wire type " + wireType
          + " (not an ONNX protobuf, or corrupted)");
    }
  }
}
