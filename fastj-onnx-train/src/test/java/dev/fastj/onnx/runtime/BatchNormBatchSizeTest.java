package dev.fastj.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.AdaptiveAvgPool2d;
import dev.fastj.nn.BatchNorm1d;
import dev.fastj.nn.BatchNorm2d;
import dev.fastj.nn.Conv2d;
import dev.fastj.nn.Flatten;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Module;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.onnx.testing.CrossEntropy;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A training batch that gives a BatchNorm layer one value per channel is refused, naming the layer
 * and its input shape (PyTorch: "Expected more than 1 value per channel when training"), instead of
 * making the running variance and the gradients NaN.
 */
class BatchNormBatchSizeTest {

  private static Batch batch(int n, long... item) {
    long[] shape = new long[item.length + 1];
    shape[0] = n;
    System.arraycopy(item, 0, shape, 1, item.length);
    Random rnd = new Random(0);
    float[] x = new float[(int) TensorData.numel(shape)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    long[] y = new long[n];
    return new Batch(List.of(TensorData.ofFloats(x, shape)), List.of(TensorData.ofLongs(y, n)), new int[n]);
  }

  private static TrainableModel compile(Module net, long... item) {
    return Backend.get().compile(ModelSpec.of(net, item, new CrossEntropy(3), OptimizerSpec.Adam.defaults()));
  }

  private static Hyper hyper() {
    return Hyper.uniform(1, 1e-2, 0.9, 0.01, 1);
  }

  @Test
  void batchNorm1d_batchOfOne_isRefused_namingLayerAndShape() {
    try (TrainableModel m = compile(Sequential.of(Linear.of(4, 8), BatchNorm1d.of(8), ReLU.create(), Linear.of(8, 3)),
        4)) {
      Map<String, TensorData> before = m.stateDict(false);
      assertThatThrownBy(() -> m.trainStep(batch(1, 4), hyper(), false)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("batch of 1 item").hasMessageContaining("'1'").hasMessageContaining("[1, 8]")
          .hasMessageContaining("one value per channel").hasMessageContaining("drop the last partial batch");
      // nothing ran: the state is untouched and a batch of 2 trains to finite values
      assertThat(m.stateDict(false).get("1.running_var").toFloatArray())
          .isEqualTo(before.get("1.running_var").toFloatArray());
      assertThat(m.trainStep(batch(2, 4), hyper(), false).loss()).isFinite();
      assertThat(m.stateDict(false).get("1.running_var").toFloatArray()).doesNotContain(Float.NaN);
      // evaluation uses the running statistics: one item is fine
      assertThat(m.evalStep(batch(1, 4)).loss()).isFinite();
    }
  }

  @Test
  void batchNorm2d_oneByOneSpatial_batchOfOne_isRefused_butLargerSpatialTrains() {
    Module net = Sequential.of(Conv2d.of(2, 4, 3).withPadding(1), BatchNorm2d.of(4), ReLU.create(),
        Conv2d.of(4, 4, 3).withStride(2).withPadding(1), AdaptiveAvgPool2d.of(1), BatchNorm2d.of(4), Flatten.create(),
        Linear.of(4, 3));
    try (TrainableModel m = compile(net, 2, 4, 4)) {
      assertThatThrownBy(() -> m.trainStep(batch(1, 2, 4, 4), hyper(), false))
          .hasMessageContaining("'5'").hasMessageContaining("[1, 4, 1, 1]");
      assertThat(m.trainStep(batch(2, 2, 4, 4), hyper(), false).loss()).isFinite();
    }
    Module spatial = Sequential.of(Conv2d.of(2, 4, 3).withPadding(1), BatchNorm2d.of(4), ReLU.create(),
        AdaptiveAvgPool2d.of(1), Flatten.create(), Linear.of(4, 3));
    try (TrainableModel m = compile(spatial, 2, 4, 4)) {
      // 16 values per channel in one item: PyTorch trains on it, and so does fastj
      assertThat(m.trainStep(batch(1, 2, 4, 4), hyper(), false).loss()).isFinite();
      assertThat(m.stateDict(false).get("1.running_var").toFloatArray()).doesNotContain(Float.NaN);
    }
  }
}
