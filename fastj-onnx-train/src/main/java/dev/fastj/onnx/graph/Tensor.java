package dev.fastj.onnx.graph;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable constant tensor (initializer, Constant value, weights): element type, dims and
 * the raw little-endian bytes as ONNX stores them. Strings are not supported as tensor data.
 */
public final class Tensor {

  private final DataType type;
  private final long[] dims;
  private final byte[] raw;

  private Tensor(DataType type, long[] dims, byte[] raw) {
    this.type = type;
    this.dims = dims.clone();
    this.raw = raw;
    long n = numel(dims);
    checkArgument(raw.length == n * type.bytes(), "tensor of %s %s needs %s bytes, got %s",
        type, Arrays.toString(dims), n * type.bytes(), raw.length);
  }

  /** A tensor over raw little-endian bytes (copied). */
  public static Tensor ofRaw(DataType type, long[] dims, byte[] raw) {
    return new Tensor(type, dims, raw.clone());
  }

  public static Tensor ofFloats(float[] values, long... dims) {
    ByteBuffer b = le(values.length * 4);
    b.asFloatBuffer().put(values);
    return new Tensor(DataType.FLOAT, dims, b.array());
  }

  public static Tensor ofDoubles(double[] values, long... dims) {
    ByteBuffer b = le(values.length * 8);
    b.asDoubleBuffer().put(values);
    return new Tensor(DataType.DOUBLE, dims, b.array());
  }

  public static Tensor ofLongs(long[] values, long... dims) {
    ByteBuffer b = le(values.length * 8);
    b.asLongBuffer().put(values);
    return new Tensor(DataType.INT64, dims, b.array());
  }

  public static Tensor ofInts(int[] values, long... dims) {
    ByteBuffer b = le(values.length * 4);
    b.asIntBuffer().put(values);
    return new Tensor(DataType.INT32, dims, b.array());
  }

  public static Tensor ofBools(boolean[] values, long... dims) {
    byte[] r = new byte[values.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (byte) (values[i] ? 1 : 0);
    }
    return new Tensor(DataType.BOOL, dims, r);
  }

  /** A rank-0 tensor of the given floating or integer type holding {@code v}. */
  public static Tensor scalar(DataType type, double v) {
    return full(type, v);
  }

  /** A tensor of the given type and dims with every element {@code v}. */
  public static Tensor full(DataType type, double v, long... dims) {
    int n = Math.toIntExact(numel(dims));
    return switch (type) {
      case FLOAT -> {
        float[] a = new float[n];
        Arrays.fill(a, (float) v);
        yield ofFloats(a, dims);
      }
      case DOUBLE -> {
        double[] a = new double[n];
        Arrays.fill(a, v);
        yield ofDoubles(a, dims);
      }
      case INT64 -> {
        long[] a = new long[n];
        Arrays.fill(a, (long) v);
        yield ofLongs(a, dims);
      }
      case INT32 -> {
        int[] a = new int[n];
        Arrays.fill(a, (int) v);
        yield ofInts(a, dims);
      }
      case BOOL -> {
        boolean[] a = new boolean[n];
        Arrays.fill(a, v != 0);
        yield ofBools(a, dims);
      }
      case FLOAT16 -> {
        // mixed-precision graphs need half constants (gradient scalars, fills)
        short h = Float.floatToFloat16Compat((float) v);
        ByteBuffer b = le(n * 2);
        for (int i = 0; i < n; i++) {
          b.putShort(i * 2, h);
        }
        yield new Tensor(DataType.FLOAT16, dims, b.array());
      }
      default -> throw new IllegalArgumentException("cannot fill a tensor of type " + type);
    };
  }

  private static ByteBuffer le(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  public static long numel(long[] dims) {
    long n = 1;
    for (long d : dims) {
      checkArgument(d >= 0, "tensor dims must be static and non-negative: %s", Arrays.toString(dims));
      n *= d;
    }
    return n;
  }

  public DataType type() {
    return type;
  }

  public long[] dims() {
    return dims.clone();
  }

  public int rank() {
    return dims.length;
  }

  public long numel() {
    return numel(dims);
  }

  /** A copy of the raw little-endian bytes. */
  public byte[] raw() {
    return raw.clone();
  }

  /** A read-only little-endian view of the bytes. */
  public ByteBuffer buffer() {
    return ByteBuffer.wrap(raw).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The values as floats, converting from any numeric type. */
  public float[] toFloats() {
    double[] d = toDoubles();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** The values as doubles, converting from any numeric type. */
  public double[] toDoubles() {
    int n = Math.toIntExact(numel());
    double[] out = new double[n];
    ByteBuffer b = buffer();
    for (int i = 0; i < n; i++) {
      out[i] = switch (type) {
        case FLOAT -> b.getFloat(i * 4);
        case DOUBLE -> b.getDouble(i * 8);
        case INT64 -> b.getLong(i * 8);
        case INT32 -> b.getInt(i * 4);
        case INT8 -> b.get(i);
        case UINT8, BOOL -> b.get(i) & 0xff;
        case FLOAT16 -> Float.float16ToFloatCompat(b.getShort(i * 2));
        default -> throw new IllegalStateException("no numeric values in a " + type + " tensor");
      };
    }
    return out;
  }

  /** The values as longs, converting from any numeric type (floats truncated). */
  public long[] toLongs() {
    if (type == DataType.INT64) {
      long[] out = new long[Math.toIntExact(numel())];
      buffer().asLongBuffer().get(out);
      return out;
    }
    double[] d = toDoubles();
    long[] out = new long[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (long) d[i];
    }
    return out;
  }

  /** The same bytes under other dims with the same element count. */
  public Tensor reshape(long... newDims) {
    checkArgument(numel(newDims) == numel(), "cannot reshape %s to %s", Arrays.toString(dims), Arrays.toString(newDims));
    return new Tensor(type, newDims, raw);
  }

  /** This tensor's values converted to another numeric type. */
  public Tensor cast(DataType to) {
    if (to == type) {
      return this;
    }
    return switch (to) {
      case FLOAT -> ofFloats(toFloats(), dims);
      case DOUBLE -> ofDoubles(toDoubles(), dims);
      case INT64 -> ofLongs(toLongs(), dims);
      default -> throw new IllegalArgumentException("cannot cast a tensor to " + to);
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && t.type == type && Arrays.equals(t.dims, dims) && Arrays.equals(t.raw, raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw) * 31 + Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return "Tensor[" + type + " " + Arrays.toString(dims) + "]";
  }

  /** Half-precision encoding and decoding without Java 20's Float.float16ToFloat. */
  private static final class Float {
    /** Rounds to the nearest half (ties to even), with overflow to infinity and subnormals. */
    static short floatToFloat16Compat(float f) {
      int bits = java.lang.Float.floatToRawIntBits(f);
      int sign = (bits >>> 16) & 0x8000;
      int exp = (bits >>> 23) & 0xff;
      int mant = bits & 0x7fffff;
      if (exp == 0xff) {
        return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
      }
      int e = exp - 127 + 15;
      if (e >= 0x1f) {
        return (short) (sign | 0x7c00);
      }
      if (e <= 0) {
        if (e < -10) {
          return (short) sign;
        }
        // subnormal half: shift the mantissa with its implicit bit into place, rounding to even
        int m = mant | 0x800000;
        int shift = 14 - e;
        int half = m >> shift;
        int rest = m & ((1 << shift) - 1);
        int mid = 1 << (shift - 1);
        if (rest > mid || (rest == mid && (half & 1) != 0)) {
          half++;
        }
        return (short) (sign | half);
      }
      int half = (e << 10) | (mant >> 13);
      int rest = mant & 0x1fff;
      if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }

    static float float16ToFloatCompat(short h) {
      int bits = h & 0xffff;
      int sign = (bits >>> 15) << 31;
      int exp = (bits >>> 10) & 0x1f;
      int mant = bits & 0x3ff;
      if (exp == 0) {
        float v = (float) (mant * Math.pow(2, -24));
        return sign != 0 ? -v : v;
      }
      if (exp == 31) {
        return java.lang.Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
      }
      return java.lang.Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
  }
}
