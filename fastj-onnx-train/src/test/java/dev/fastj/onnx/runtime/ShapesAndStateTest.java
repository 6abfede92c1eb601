package dev.fastj.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.Emitter;
import dev.fastj.nn.Init;
import dev.fastj.nn.MSELossFlat;
import dev.fastj.nn.Module;
import dev.fastj.nn.ParamRole;
import dev.fastj.nn.Var;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Batches of other item shapes than the spec's run on graphs compiled for them that share the
 * model's weights; state given with {@code updateState} is carried by evaluation steps too (running
 * statistics given with {@code updateBuffer} are not); {@code setBuffers} replaces buffers only.
 */
class ShapesAndStateTest {

  /**
   * Output {@code [N, 1]}: {@code w * mean_t(x) + carried}; the buffer {@code carried} adds the mean
   * of each batch (updateState), {@code trainOnly} counts training steps (updateBuffer).
   */
  private record Carrying(boolean staticBatch) implements Module {
    @Override
    public Var forward(Emitter e, Var x) {
      Var w = e.param("w", new long[] {1}, new Init.Constant(1), ParamRole.WEIGHT);
      Var carried = e.buffer("carried", new long[] {1}, new Init.Constant(0));
      Var counted = e.buffer("trainOnly", new long[] {1}, new Init.Constant(0));
      Var all = e.op("Reshape", e.op("ReduceMean", List.of(x), Map.of("keepdims", 0L)), e.constantLongs(new long[] {1}, 1));
      e.updateState(carried, e.op("Add", carried, all));
      e.updateBuffer(counted, e.op("Add", counted, e.constant(new float[] {1})));
      Var rowMean = e.op("ReduceMean", List.of(x, e.constantLongs(new long[] {1}, 1)), Map.of("keepdims", 1L));
      return e.op("Add", e.op("Mul", rowMean, w), carried);
    }

    @Override
    public boolean staticBatch() {
      return staticBatch;
    }
  }

  private static OnnxTrainableModel compile(boolean staticBatch) {
    return (OnnxTrainableModel) Backend.get().compile(ModelSpec.of(new Carrying(staticBatch), new long[] {3},
        MSELossFlat.create(), new OptimizerSpec.Sgd(0, 0, true, false)));
  }

  private static Batch ones(int n, int t, float value) {
    float[] x = new float[n * t];
    java.util.Arrays.fill(x, value);
    return new Batch(List.of(TensorData.ofFloats(x, n, t)), List.of(TensorData.ofFloats(new float[n], n, 1)),
        new int[n]);
  }

  private static float value(OnnxTrainableModel m, String name) {
    return m.stateDict(false).get(name).toFloatArray()[0];
  }

  @Test
  void evalStep_carriesUpdateStateButNotRunningStatistics() {
    try (OnnxTrainableModel m = compile(false)) {
      m.evalStep(ones(2, 3, 1));
      m.evalStep(ones(2, 3, 2));
      assertThat(value(m, "carried")).isEqualTo(3f);
      assertThat(value(m, "trainOnly")).isZero();
      // the output reads the state before the step: 2 * 1 + 3
      assertThat(m.evalStep(ones(1, 3, 2)).output().toFloatArray()[0]).isCloseTo(5f, within(1e-6f));
      m.trainStep(ones(2, 3, 1), Hyper.uniform(1, 0.1, 0, 0, 1), false);
      assertThat(value(m, "trainOnly")).isEqualTo(1f);
      assertThat(value(m, "carried")).isEqualTo(6f);
    }
  }

  @Test
  void otherItemShapes_compileTheirOwnGraphs_sharingTheWeights() {
    try (OnnxTrainableModel m = compile(false)) {
      float w0 = value(m, "w");
      m.trainStep(ones(2, 5, 1), Hyper.uniform(1, 0.1, 0, 0, 1), false);
      assertThat(m.openShapes()).isEqualTo(1);
      float w1 = value(m, "w");
      // loss (w * 1 + 0)^2: gradient 2 w, SGD at 0.1
      assertThat(w1).isCloseTo(w0 - 0.1f * 2 * w0, within(1e-6f));
      // the spec's shape reads the weight the other graph wrote, and the state it carried
      float out = m.predict(List.of(TensorData.ofFloats(new float[] {1, 1, 1}, 1, 3))).toFloatArray()[0];
      assertThat(out).isCloseTo(w1 + value(m, "carried"), within(1e-6f));
      m.evalStep(ones(2, 7, 1));
      assertThat(m.openShapes()).isEqualTo(2);
      assertThat(value(m, "carried")).isEqualTo(2f);
    }
  }

  @Test
  void atMost32OtherShapesStayOpen_anEvictedOneIsCompiledAgain() {
    try (OnnxTrainableModel m = compile(false)) {
      for (int t = 4; t < 4 + OnnxTrainableModel.MAX_SHAPES + 3; t++) {
        m.evalStep(ones(1, t, 1));
      }
      assertThat(m.openShapes()).isEqualTo(OnnxTrainableModel.MAX_SHAPES);
      float carried = value(m, "carried");
      // T = 4 was evicted first; it comes back with the same weights and state
      float out = m.evalStep(ones(1, 4, 2)).output().toFloatArray()[0];
      assertThat(out).isCloseTo(2 * value(m, "w") + carried, within(1e-5f));
      assertThat(m.openShapes()).isEqualTo(OnnxTrainableModel.MAX_SHAPES);
    }
  }

  @Test
  void staticBatch_compilesPerBatchSize() {
    try (OnnxTrainableModel m = compile(true)) {
      assertThat(m.openShapes()).isZero();
      m.trainStep(ones(2, 3, 1), Hyper.uniform(1, 0.1, 0, 0, 1), false);
      m.trainStep(ones(4, 3, 1), Hyper.uniform(1, 0.1, 0, 0, 2), false);
      m.evalStep(ones(4, 3, 1));
      assertThat(m.openShapes()).isEqualTo(2);
      assertThat(value(m, "trainOnly")).isEqualTo(2f);
    }
  }

  @Test
  void setBuffers_replacesBuffersOnly_andNamesWhatIsWrong() {
    try (OnnxTrainableModel m = compile(false)) {
      m.evalStep(ones(2, 3, 1));
      float w = value(m, "w");
      m.setBuffers(Map.of("carried", TensorData.ofFloats(new float[] {0}, 1)));
      assertThat(value(m, "carried")).isZero();
      assertThat(value(m, "w")).isEqualTo(w);
      assertThatThrownBy(() -> m.setBuffers(Map.of("w", TensorData.ofFloats(new float[] {0}, 1))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w is not a buffer")
          .hasMessageContaining("carried");
      assertThatThrownBy(() -> m.setBuffers(Map.of("carried", TensorData.ofFloats(new float[] {0, 0}, 2))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2]").hasMessageContaining("[1]");
    }
  }
}
