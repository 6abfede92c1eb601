package dev.fastj.metrics;

import dev.fastj.data.TensorData;
import java.util.Arrays;

/** Reading raw outputs and targets for the built-in metrics. */
final class MetricData {

  private MetricData() {}

  /** Number of classes (dimension 1) of a raw output {@code [N, C, ...]}. */
  static int classes(String metric, TensorData out) {
    if (out.rank() < 2) {
      throw new IllegalArgumentException(metric + " needs raw outputs of shape [N, C, ...] but got "
          + Arrays.toString(out.shape()) + "; use it with a classification or segmentation model");
    }
    return Math.toIntExact(out.dim(1));
  }

  /**
   * The index of the largest value along axis 1 of {@code [N, C, d...]}, for each of the N*d...
   * positions, in row-major order of {@code [N, d...]} (ties go to the first, as torch.argmax).
   */
  static int[] argmaxAxis1(String metric, TensorData out) {
    int c = classes(metric, out);
    float[] v = out.toFloatArray();
    int n = Math.toIntExact(out.dim(0));
    int inner = c == 0 ? 0 : v.length / (n * c);
    int[] idx = new int[n * inner];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < inner; j++) {
        int base = i * c * inner + j;
        int best = 0;
        float bestV = v[base];
        for (int k = 1; k < c; k++) {
          float x = v[base + k * inner];
          if (x > bestV || (Float.isNaN(x) && !Float.isNaN(bestV))) {
            best = k;
            bestV = x;
          }
        }
        idx[i * inner + j] = best;
      }
    }
    return idx;
  }

  /** Class-index targets as longs (INT64, or FLOAT32 holding whole numbers). */
  static long[] classTargets(String metric, TensorData target, int expected, long[] outShape) {
    long[] t;
    switch (target.dtype()) {
      case INT64 -> t = target.toLongArray();
      case FLOAT32, FLOAT64 -> {
        float[] f = target.toFloatArray();
        t = new long[f.length];
        for (int i = 0; i < f.length; i++) {
          t[i] = Math.round(f[i]);
        }
      }
      default -> throw new IllegalArgumentException(metric + " needs INT64 or FLOAT32 class indices but got "
          + target.dtype() + " targets");
    }
    if (t.length != expected) {
      throw new IllegalArgumentException(metric + ": targets of shape " + Arrays.toString(target.shape())
          + " do not match outputs of shape " + Arrays.toString(outShape)
          + "; targets need one class index per output position ([N] or [N, H, W])");
    }
    return t;
  }

  /** Outputs and targets of the same number of elements as floats (regression, multi-label). */
  static float[][] sameSize(String metric, TensorData out, TensorData target) {
    if (out.numel() != target.numel()) {
      throw new IllegalArgumentException(metric + ": outputs of shape " + Arrays.toString(out.shape())
          + " and targets of shape " + Arrays.toString(target.shape()) + " differ in size; they need one target per output");
    }
    return new float[][] {out.toFloatArray(), target.toFloatArray()};
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
