package dev.fastj.learner;

import dev.fastj.data.TensorData;
import dev.fastj.nn.Loss;

/**
 * The activation a loss applies to raw outputs, recorded in exported models so that a process
 * without the Loss object (one that only loaded the export) applies the same one.
 */
enum Activation {
  SOFTMAX,
  SIGMOID,
  IDENTITY;

  /** Finds the activation of {@code loss} by applying it to a known row. */
  static Activation of(Loss loss) {
    float[] probe = {0f, 1f, 2f};
    float[] out = loss.activation(TensorData.ofFloats(probe.clone(), 1, 3)).toFloatArray();
    for (Activation a : values()) {
      float[] expect = a.apply(probe.clone(), 3);
      boolean same = out.length == 3;
      for (int i = 0; same && i < 3; i++) {
        same = Math.abs(out[i] - expect[i]) < 1e-5;
      }
      if (same) {
        return a;
      }
    }
    throw new IllegalArgumentException("cannot export: the activation of loss " + loss.describe()
        + " is not softmax, sigmoid or identity over the last dimension");
  }

  /** Applies the activation in place to rows of {@code width} values. */
  float[] apply(float[] v, int width) {
    switch (this) {
      case SOFTMAX -> {
        for (int r = 0; r + width <= v.length; r += width) {
          double max = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < width; i++) max = Math.max(max, v[r + i]);
          double sum = 0;
          for (int i = 0; i < width; i++) sum += Math.exp(v[r + i] - max);
          for (int i = 0; i < width; i++) v[r + i] = (float) (Math.exp(v[r + i] - max) / sum);
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < v.length; i++) v[i] = (float) (1 / (1 + Math.exp(-v[i])));
      }
      case IDENTITY -> { }
    }
    return v;
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
