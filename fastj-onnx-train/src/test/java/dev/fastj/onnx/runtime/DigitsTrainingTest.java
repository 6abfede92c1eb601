package dev.fastj.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.nn.AdaptiveAvgPool2d;
import dev.fastj.nn.BatchNorm2d;
import dev.fastj.nn.Conv2d;
import dev.fastj.nn.Flatten;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Module;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.onnx.testing.CrossEntropy;
import dev.fastj.onnx.testing.Digits;
import dev.fastj.onnx.testing.Fit;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import org.junit.jupiter.api.Test;

/** Learning on real data through the SPI: the 8x8 digits, 80/20 split, at least 97% valid accuracy. */
class DigitsTrainingTest {

  private static final Digits DATA = Digits.load(42);

  @Test
  void mlp_reaches97PercentOnDigits() {
    Module mlp = Sequential.of(Linear.of(64, 256), ReLU.create(), Linear.of(256, 10));
    ModelSpec spec = ModelSpec.of(mlp, new long[] {64}, new CrossEntropy(10), OptimizerSpec.Adam.defaults());
    try (TrainableModel m = Backend.get().compile(spec)) {
      Fit.fit(m, DATA, 15, 32, 5e-3, 1, 64);
      assertThat(Fit.accuracy(m, DATA, 64)).isGreaterThanOrEqualTo(0.97);
    }
  }

  @Test
  void smallCnn_reaches97PercentOnDigits() {
    Module cnn = Sequential.of(
        Conv2d.of(1, 32, 3).withPadding(1), BatchNorm2d.of(32), ReLU.create(),
        Conv2d.of(32, 64, 3).withStride(2).withPadding(1), BatchNorm2d.of(64), ReLU.create(),
        AdaptiveAvgPool2d.of(1), Flatten.create(), Linear.of(64, 10));
    ModelSpec spec = ModelSpec.of(cnn, new long[] {1, 8, 8}, new CrossEntropy(10), OptimizerSpec.Adam.defaults());
    try (TrainableModel m = Backend.get().compile(spec)) {
      Fit.fit(m, DATA, 16, 32, 1e-2, 1, 1, 8, 8);
      assertThat(Fit.accuracy(m, DATA, 1, 8, 8)).isGreaterThanOrEqualTo(0.97);
    }
  }
}
