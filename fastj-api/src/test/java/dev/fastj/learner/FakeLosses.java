package dev.fastj.learner;

import dev.fastj.data.TensorData;
import dev.fastj.nn.Emitter;
import dev.fastj.nn.Loss;
import dev.fastj.nn.Var;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/** Losses for the fakes: the graph they emit is never built by the fake backend. */
final class FakeLosses {

  private FakeLosses() {}

  /** Mean squared error over {@code outputs} values per item. */
  static final class Mse implements Loss {
    final int outputs;

    Mse(int outputs) {
      this.outputs = outputs;
    }

    @Override
    public Var forward(Emitter e, Var output, Var target) {
      Var d = e.op("Sub", output, target);
      return e.op("ReduceMean", List.of(e.op("Mul", d, d)), Map.of("keepdims", 0L));
    }

    @Override
    public TensorData.DType targetType() {
      return TensorData.DType.FLOAT32;
    }

    @Override
    public String describe() {
      return "MSELossFlat";
    }
  }

  /** Cross-entropy over {@code classes}; softmax activation. */
  static final class CrossEntropy implements Loss {
    final int classes;

    CrossEntropy(int classes) {
      this.classes = classes;
    }

    @Override
    public Var forward(Emitter e, Var output, Var target) {
      return e.op("SoftmaxCrossEntropyLoss", List.of(output, target), Map.of("reduction", "mean"));
    }

    @Override
    public TensorData activation(TensorData raw) {
      int k = (int) raw.dim(raw.rank() - 1);
      FloatBuffer f = raw.floats();
      float[] v = raw.toFloatArray();
      for (int r = 0; r < v.length; r += k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) max = Math.max(max, v[r + j]);
        double s = 0;
        for (int j = 0; j < k; j++) s += Math.exp(v[r + j] - max);
        for (int j = 0; j < k; j++) f.put(r + j, (float) (Math.exp(v[r + j] - max) / s));
      }
      return raw;
    }

    @Override
    public TensorData.DType targetType() {
      return TensorData.DType.INT64;
    }

    @Override
    public String describe() {
      return "CrossEntropyLossFlat";
    }
  }
}
