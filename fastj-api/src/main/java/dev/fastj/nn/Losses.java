package dev.fastj.nn;

import dev.fastj.data.TensorData;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/** Shared pieces of the flat losses: graph helpers and the Java activations. */
final class Losses {

  private Losses() {}

  /** ReduceSum or ReduceMean over {@code axes} (an int64 input, opset 18), or over everything when empty. */
  static Var reduce(Emitter e, String op, Var x, boolean keepDims, long... axes) {
    Map<String, Object> attrs = Map.of("keepdims", keepDims ? 1L : 0L);
    if (axes.length == 0) {
      return e.op(op, List.of(x), attrs);
    }
    return e.op(op, List.of(x, e.constantLongs(axes, axes.length)), attrs);
  }

  /** Both tensors flattened to one dimension (fastai's "Flat" losses view them as vectors). */
  static Var flatten(Emitter e, Var x) {
    return e.op("Reshape", List.of(x, e.constantLongs(new long[] {-1}, 1)), Map.of());
  }

  static Var scalar(Emitter e, float v) {
    return e.constant(new float[] {v});
  }

  /** Softmax over axis 1 of a [N, C, ...] tensor, in float64 for stability. */
  static TensorData softmaxAxis1(TensorData raw) {
    long[] shape = raw.shape();
    if (shape.length < 2) {
      throw new IllegalArgumentException("softmax needs [N, C, ...] outputs, got shape " + java.util.Arrays.toString(shape));
    }
    float[] v = raw.toFloatArray();
    int n = (int) shape[0];
    int c = (int) shape[1];
    int inner = v.length / (n * c);
    float[] out = new float[v.length];
    for (int b = 0; b < n; b++) {
      for (int r = 0; r < inner; r++) {
        int base = b * c * inner + r;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
          max = Math.max(max, v[base + k * inner]);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
          sum += Math.exp(v[base + k * inner] - max);
        }
        for (int k = 0; k < c; k++) {
          out[base + k * inner] = (float) (Math.exp(v[base + k * inner] - max) / sum);
        }
      }
    }
    return TensorData.ofFloats(out, shape);
  }

  /** Elementwise logistic sigmoid, stable for large |x|. */
  static TensorData sigmoid(TensorData raw) {
    float[] v = raw.toFloatArray();
    for (int i = 0; i < v.length; i++) {
      double x = v[i];
      v[i] = (float) (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
    }
    TensorData out = TensorData.zeros(TensorData.DType.FLOAT32, raw.shape());
    FloatBuffer fb = out.floats();
    fb.put(v);
    return out;
  }
}
