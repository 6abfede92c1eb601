package dev.fastj.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.Dropout;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Module;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.onnx.testing.CrossEntropy;
import dev.fastj.onnx.testing.Digits;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Training twice with the same seed gives bit-identical weights: dropout masks are drawn from the
 * model's seed, and {@link Device#withDeterministic} reaches ONNX Runtime's session options.
 */
class ReproducibleTrainingTest {

  private static final Digits DATA = Digits.load(7);

  private static Map<String, float[]> train(long seed, Device device, int steps) {
    Module net = Sequential.of(Linear.of(64, 64), ReLU.create(), Dropout.of(0.5), Linear.of(64, 32), ReLU.create(),
        Dropout.of(0.25), Linear.of(32, 10));
    ModelSpec spec = new ModelSpec(net, new long[] {64}, new CrossEntropy(10), OptimizerSpec.Adam.defaults(), seed,
        device);
    int[] order = Digits.identity(DATA.trainX.length);
    try (TrainableModel m = Backend.get().compile(spec)) {
      for (int t = 1; t <= steps; t++) {
        Batch b = Digits.batch(DATA.trainX, DATA.trainY, order, t * 32 % 1400, t * 32 % 1400 + 32, 64);
        m.trainStep(b, Hyper.uniform(1, 1e-2, 0.9, 0.01, t), false);
      }
      // frozen and unfrozen steps are separate sessions with their own dropout generators
      boolean[] trainable = new boolean[m.parameters().size()];
      trainable[trainable.length - 1] = true;
      trainable[trainable.length - 2] = true;
      m.setTrainable(trainable);
      for (int t = steps + 1; t <= steps + 5; t++) {
        Batch b = Digits.batch(DATA.trainX, DATA.trainY, order, t * 32 % 1400, t * 32 % 1400 + 32, 64);
        m.trainStep(b, Hyper.uniform(1, 1e-2, 0.9, 0.01, t), false);
      }
      Map<String, float[]> out = new TreeMap<>();
      for (Map.Entry<String, TensorData> e : m.stateDict(true).entrySet()) {
        out.put(e.getKey(), e.getValue().toFloatArray());
      }
      return out;
    }
  }

  @Test
  void sameSeed_deterministicDevice_givesBitIdenticalWeightsAndOptimizerState() {
    Device device = Device.cpu(2).withDeterministic(true);
    Map<String, float[]> a = train(3, device, 20);
    Map<String, float[]> b = train(3, device, 20);
    assertThat(b.keySet()).isEqualTo(a.keySet());
    a.forEach((name, v) -> assertThat(b.get(name)).as(name).isEqualTo(v));
  }

  @Test
  void sameSeed_defaultDevice_givesBitIdenticalWeights_despiteDropout() {
    Map<String, float[]> a = train(3, Device.cpu(), 10);
    Map<String, float[]> b = train(3, Device.cpu(), 10);
    a.forEach((name, v) -> assertThat(b.get(name)).as(name).isEqualTo(v));
  }

  @Test
  void anotherSeed_givesOtherWeights() {
    Map<String, float[]> a = train(3, Device.cpu(), 3);
    Map<String, float[]> b = train(4, Device.cpu(), 3);
    assertThat(b.get(a.keySet().iterator().next())).isNotEqualTo(a.get(a.keySet().iterator().next()));
  }
}
