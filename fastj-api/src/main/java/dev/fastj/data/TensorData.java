package dev.fastj.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * A host tensor: a shape, an element type and a direct little-endian buffer. Batches travel from
 * the data loaders to a backend, and predictions back, as {@code TensorData}; backends wrap the
 * buffer without copying where they can.
 *
 * <p>The buffer is direct and native-ordered so that ONNX Runtime can read it in place. A
 * {@code TensorData} is not thread-safe; treat it as owned by one batch.
 */
public final class TensorData {

  /** The element types a batch or prediction can hold. */
  public enum DType {
    FLOAT32(4),
    INT64(8),
    FLOAT64(8),
    BOOL(1);

    private final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
      return bytes;
    }
  }

  private final long[] shape;
  private final DType dtype;
  private final ByteBuffer buffer;

  private TensorData(long[] shape, DType dtype, ByteBuffer buffer) {
    this.shape = shape.clone();
    this.dtype = dtype;
    this.buffer = buffer;
  }

  /** A zero-filled tensor of the given type and shape. */
  public static TensorData zeros(DType dtype, long... shape) {
    long n = numel(shape);
    checkArgument(n * dtype.bytes() <= Integer.MAX_VALUE, "tensor too large: shape %s", Arrays.toString(shape));
    ByteBuffer buf = ByteBuffer.allocateDirect((int) (n * dtype.bytes())).order(ByteOrder.nativeOrder());
    return new TensorData(shape, dtype, buf);
  }

  /** Wraps an existing direct buffer (no copy); its capacity must match the shape. */
  public static TensorData wrap(DType dtype, ByteBuffer buffer, long... shape) {
    checkArgument(buffer.isDirect(), "buffer must be direct");
    checkArgument(buffer.capacity() == numel(shape) * dtype.bytes(),
        "buffer holds %s bytes but shape %s of %s needs %s", buffer.capacity(), Arrays.toString(shape),
        dtype, numel(shape) * dtype.bytes());
    return new TensorData(shape, dtype, buffer.order(ByteOrder.nativeOrder()));
  }

  /** A float tensor holding a copy of {@code values}. */
  public static TensorData ofFloats(float[] values, long... shape) {
    checkArgument(values.length == numel(shape), "%s values do not fill shape %s", values.length, Arrays.toString(shape));
    TensorData t = zeros(DType.FLOAT32, shape);
    t.floats().put(values);
    return t;
  }

  /** An int64 tensor holding a copy of {@code values}. */
  public static TensorData ofLongs(long[] values, long... shape) {
    checkArgument(values.length == numel(shape), "%s values do not fill shape %s", values.length, Arrays.toString(shape));
    TensorData t = zeros(DType.INT64, shape);
    t.longs().put(values);
    return t;
  }

  /** Number of elements of a shape. */
  public static long numel(long... shape) {
    long n = 1;
    for (long d : shape) {
      checkArgument(d >= 0, "negative dimension in shape %s", Arrays.toString(shape));
      n *= d;
    }
    return n;
  }

  public long[] shape() {
    return shape.clone();
  }

  /** Size of dimension {@code i}. */
  public long dim(int i) {
    return shape[i];
  }

  public int rank() {
    return shape.length;
  }

  public DType dtype() {
    return dtype;
  }

  public long numel() {
    return numel(shape);
  }

  /** The raw buffer, positioned at 0 (a duplicate view: positions are independent). */
  public ByteBuffer buffer() {
    return buffer.duplicate().order(ByteOrder.nativeOrder()).rewind();
  }

  /** A float view positioned at 0; the type must be FLOAT32. */
  public FloatBuffer floats() {
    checkArgument(dtype == DType.FLOAT32, "tensor is %s, not FLOAT32", dtype);
    return buffer().asFloatBuffer();
  }

  /** A long view positioned at 0; the type must be INT64. */
  public LongBuffer longs() {
    checkArgument(dtype == DType.INT64, "tensor is %s, not INT64", dtype);
    return buffer().asLongBuffer();
  }

  /** A copy of the values as floats (FLOAT32 or INT64 or FLOAT64). */
  public float[] toFloatArray() {
    float[] out = new float[Math.toIntExact(numel())];
    switch (dtype) {
      case FLOAT32 -> floats().get(out);
      case INT64 -> {
        LongBuffer lb = longs();
        for (int i = 0; i < out.length; i++) out[i] = lb.get(i);
      }
      case FLOAT64 -> {
        var db = buffer().asDoubleBuffer();
        for (int i = 0; i < out.length; i++) out[i] = (float) db.get(i);
      }
      case BOOL -> {
        ByteBuffer b = buffer();
        for (int i = 0; i < out.length; i++) out[i] = b.get(i);
      }
    }
    return out;
  }

  /** A copy of the values as longs; the type must be INT64. */
  public long[] toLongArray() {
    long[] out = new long[Math.toIntExact(numel())];
    longs().get(out);
    return out;
  }

  @Override
  public String toString() {
    return "TensorData[" + dtype + " " + Arrays.toString(shape) + "]";
  }
}
