package dev.fastj.onnx.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Conversions between fastj's {@link Tensor} and ONNX Runtime's {@link OnnxTensor} for float,
 * double, float16, int64, int32, int8, uint8 and bool. A created {@code OnnxTensor} owns
 * native memory: close it.
 */
public final class OrtTensors {

  private OrtTensors() {
  }

  /** ONNX Runtime's environment, one per JVM. */
  public static OrtEnvironment env() {
    // warnings such as "Removing initializer" would flood a user's console; errors still show
    return OrtEnvironment.getEnvironment(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "fastj");
  }

  /** A new ONNX Runtime tensor holding a copy of {@code t}'s values, in a direct buffer. */
  public static OnnxTensor toOnnx(Tensor t) {
    OnnxJavaType jt = javaType(t.type());
    ByteBuffer src = t.buffer();
    ByteBuffer direct = ByteBuffer.allocateDirect(src.remaining()).order(ByteOrder.nativeOrder());
    int width = t.type().bytes();
    if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN || width == 1) {
      direct.put(src);
    } else {
      for (int i = 0; i < src.limit(); i += width) {
        for (int k = width - 1; k >= 0; k--) {
          direct.put(src.get(i + k));
        }
      }
    }
    direct.rewind();
    try {
      return OnnxTensor.createTensor(env(), direct, t.dims(), jt);
    } catch (OrtException e) {
      throw new OrtRunException("could not create an ONNX Runtime tensor for " + t + ": " + e.getMessage(), e);
    }
  }

  /**
   * A new zero-filled ONNX Runtime tensor over a direct buffer, for example an output pinned
   * with {@link CompiledGraph#runInto} (two of them per state tensor, used in turn, keep an
   * output from sharing an input's buffer).
   */
  public static OnnxTensor allocate(DataType type, long... dims) {
    OnnxJavaType jt = javaType(type);
    long bytes = Tensor.numel(dims) * type.bytes();
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a " + type + " tensor of dims " + java.util.Arrays.toString(dims)
          + " needs " + bytes + " bytes, over the 2 GiB a Java buffer holds");
    }
    ByteBuffer direct = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    try {
      return OnnxTensor.createTensor(env(), direct, dims, jt);
    } catch (OrtException e) {
      throw new OrtRunException("could not create an ONNX Runtime " + type + " tensor of dims "
          + java.util.Arrays.toString(dims) + ": " + e.getMessage(), e);
    }
  }

  /** A fastj tensor holding a copy of {@code t}'s values. */
  public static Tensor fromOnnx(OnnxTensor t) {
    TensorInfo info = t.getInfo();
    DataType type = dataType(info.type);
    ByteBuffer b = t.getByteBuffer();
    if (b == null) {
      throw new IllegalArgumentException("ONNX Runtime tensor " + info + " has no readable buffer");
    }
    b.order(ByteOrder.nativeOrder());
    byte[] raw = new byte[b.remaining()];
    int width = type.bytes();
    if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN || width == 1) {
      b.get(raw);
    } else {
      for (int i = 0; i < raw.length; i += width) {
        for (int k = 0; k < width; k++) {
          raw[i + k] = b.get(i + width - 1 - k);
        }
      }
    }
    return Tensor.ofRaw(type, info.getShape(), raw);
  }

  /** ONNX Runtime's Java type for a fastj element type. */
  public static OnnxJavaType javaType(DataType type) {
    return switch (type) {
      case FLOAT -> OnnxJavaType.FLOAT;
      case DOUBLE -> OnnxJavaType.DOUBLE;
      case FLOAT16 -> OnnxJavaType.FLOAT16;
      case INT64 -> OnnxJavaType.INT64;
      case INT32 -> OnnxJavaType.INT32;
      case INT8 -> OnnxJavaType.INT8;
      case UINT8 -> OnnxJavaType.UINT8;
      case BOOL -> OnnxJavaType.BOOL;
      default -> throw new IllegalArgumentException("cannot pass a " + type
          + " tensor to ONNX Runtime from fastj; use float, double, int64, int32 or bool");
    };
  }

  /** fastj's element type for an ONNX Runtime Java type. */
  public static DataType dataType(OnnxJavaType type) {
    return switch (type) {
      case FLOAT -> DataType.FLOAT;
      case DOUBLE -> DataType.DOUBLE;
      case FLOAT16 -> DataType.FLOAT16;
      case INT64 -> DataType.INT64;
      case INT32 -> DataType.INT32;
      case INT8 -> DataType.INT8;
      case UINT8 -> DataType.UINT8;
      case BOOL -> DataType.BOOL;
      default -> throw new IllegalArgumentException("cannot read an ONNX Runtime " + type
          + " tensor into fastj; use float, double, int64, int32 or bool outputs");
    };
  }
}
