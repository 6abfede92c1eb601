package dev.fastj.onnx.testing;

import dev.fastj.data.TensorData;
import dev.fastj.nn.Emitter;
import dev.fastj.nn.Loss;
import dev.fastj.nn.Var;
import java.util.List;
import java.util.Map;

/**
 * Test-scope cross-entropy on class indices: mean over rows of -log_softmax(output)[target],
 * written with LogSoftmax, a one-hot product and reductions.
 */
public final class CrossEntropy implements Loss {

  private final int classes;

  public CrossEntropy(int classes) {
    this.classes = classes;
  }

  @Override
  public Var forward(Emitter e, Var output, Var target) {
    Var logp = e.op("LogSoftmax", List.of(output), Map.of("axis", -1L));
    Var oneHot = e.op("OneHot", List.of(target, e.constantLongs(new long[] {classes}, 1),
        e.constant(new float[] {0f, 1f}, 2)), Map.of("axis", -1L));
    Var picked = e.op("ReduceSum", List.of(e.op("Mul", logp, oneHot), e.constantLongs(new long[] {1}, 1)),
        Map.of("keepdims", 0L));
    return e.op("Neg", e.op("ReduceMean", List.of(picked), Map.of("keepdims", 0L)));
  }

  @Override
  public TensorData.DType targetType() {
    return TensorData.DType.INT64;
  }
}
