package dev.fastj.onnx.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import dev.fastj.data.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The ONNX Runtime tensors one model has open: every tensor it creates or receives from a run
 * goes through here and is closed through here, so {@link #live()} counts what is still held
 * and a leak shows as a count that grows with the steps. Thread-safe (predict runs concurrently).
 */
final class NativeTensors {

  private final Set<OnnxValue> live = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Registers {@code t} as held by the model. */
  synchronized <T extends OnnxValue> T track(T t) {
    live.add(t);
    return t;
  }

  /** Closes {@code t} (null is ignored) and forgets it. */
  synchronized void close(OnnxValue t) {
    if (t != null) {
      live.remove(t);
      t.close();
    }
  }

  /** Closes each of {@code ts}. */
  void closeAll(Iterable<? extends OnnxValue> ts) {
    for (OnnxValue t : ts) {
      close(t);
    }
  }

  /** Number of tensors held open. */
  synchronized int live() {
    return live.size();
  }

  /** Closes everything still open. */
  synchronized void closeEverything() {
    for (OnnxValue t : new ArrayList<>(live)) {
      t.close();
    }
    live.clear();
  }

  /**
   * A tensor reading {@code td}'s direct buffer in place (no copy): ONNX Runtime uses a direct,
   * native-ordered buffer as it is. The tensor must be closed before {@code td} is reused.
   */
  OnnxTensor wrap(TensorData td, String what) {
    long[] shape = td.shape();
    try {
      OnnxTensor t = switch (td.dtype()) {
        case FLOAT32 -> OnnxTensor.createTensor(OrtTensors.env(), td.floats(), shape);
        case INT64 -> OnnxTensor.createTensor(OrtTensors.env(), td.longs(), shape);
        case FLOAT64 -> OnnxTensor.createTensor(OrtTensors.env(), td.buffer().asDoubleBuffer(), shape);
        case BOOL -> OnnxTensor.createTensor(OrtTensors.env(), td.buffer(), shape, OnnxJavaType.BOOL);
      };
      return track(t);
    } catch (OrtException e) {
      throw new OrtRunException("could not pass " + what + " " + td + " to ONNX Runtime: " + e.getMessage(), e);
    }
  }

  /** A float tensor holding a copy of {@code values} in a new direct buffer. */
  OnnxTensor floats(float[] values, long[] shape, String what) {
    FloatBuffer fb = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    fb.put(values).rewind();
    try {
      return track(OnnxTensor.createTensor(OrtTensors.env(), fb, shape));
    } catch (OrtException e) {
      throw new OrtRunException("could not create the ONNX Runtime tensor " + what + ": " + e.getMessage(), e);
    }
  }

  /** A tensor holding a copy of {@code td} (so the caller may reuse {@code td}). */
  OnnxTensor copyOf(TensorData td, String what) {
    ByteBuffer src = td.buffer();
    ByteBuffer copy = ByteBuffer.allocateDirect(src.remaining()).order(ByteOrder.nativeOrder());
    copy.put(src).rewind();
    return wrap(TensorData.wrap(td.dtype(), copy, td.shape()), what);
  }

  /** A host copy of an ONNX Runtime tensor. */
  static TensorData toTensorData(OnnxTensor t) {
    TensorData.DType dtype = switch (t.getInfo().type) {
      case FLOAT -> TensorData.DType.FLOAT32;
      case INT64 -> TensorData.DType.INT64;
      case DOUBLE -> TensorData.DType.FLOAT64;
      case BOOL -> TensorData.DType.BOOL;
      default -> throw new IllegalArgumentException("cannot read a " + t.getInfo().type
          + " output into TensorData; the model's outputs must be float, double, int64 or bool");
    };
    TensorData out = TensorData.zeros(dtype, t.getInfo().getShape());
    ByteBuffer src = t.getByteBuffer().order(ByteOrder.nativeOrder());
    out.buffer().put(src);
    return out;
  }

  /** The first element of a float tensor as a double (the loss). */
  static double scalar(OnnxTensor t) {
    return t.getFloatBuffer().get(0);
  }

  /** The first element of a bool tensor (a mixed-precision step's gradients-finite flag). */
  static boolean bool(OnnxTensor t) {
    return t.getByteBuffer().get(0) != 0;
  }
}
