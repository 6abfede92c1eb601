package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Float64 finite-difference checks of the BatchNormalization, LayerNormalization and Dropout rules. */
class NormRulesTest {

  @Test
  void batchNorm_trainingMode_float64() {
    GradCheck.typed((b, t) -> b.op("BatchNormalization", List.of("x", "g", "b",
            b.constant(Tensor.full(t, 0.1, 4)), b.constant(Tensor.full(t, 1.5, 4))),
            Map.of("training_mode", 1L, "epsilon", 1e-3f, "momentum", 0.9f), 3).get(0))
        .input("x", GradCheck.randn(1, 3, 4, 3, 2))
        .input("g", GradCheck.randn(2, 4))
        .input("b", GradCheck.randn(3, 4))
        .batch("x").label("bn training").check();
  }

  @Test
  void batchNorm_trainingMode_momentumZero_readsBatchStatisticsOutputs_float64() {
    // momentum 0 makes outputs 1 and 2 the batch mean and biased variance, which the rule reuses
    GradCheck.typed((b, t) -> b.op("BatchNormalization", List.of("x", "g", "b",
            b.constant(Tensor.full(t, 0.3, 4)), b.constant(Tensor.full(t, 2.0, 4))),
            Map.of("training_mode", 1L, "epsilon", 1e-3f, "momentum", 0f), 3).get(0))
        .input("x", GradCheck.randn(12, 3, 4, 3, 2))
        .input("g", GradCheck.randn(13, 4))
        .input("b", GradCheck.randn(14, 4))
        .batch("x").label("bn training momentum 0").check();
  }

  @Test
  void batchNorm_trainingMode_rank2_float64() {
    GradCheck.typed((b, t) -> b.op("BatchNormalization", List.of("x", "g", "b",
            b.constant(Tensor.full(t, 0, 3)), b.constant(Tensor.full(t, 1, 3))),
            Map.of("training_mode", 1L), 3).get(0))
        .input("x", GradCheck.randn(4, 5, 3))
        .input("g", GradCheck.randn(5, 3))
        .input("b", GradCheck.randn(6, 3))
        .label("bn1d training").check();
  }

  @Test
  void batchNorm_inferenceForm_allInputs_float64() {
    GradCheck.of(b -> b.op("BatchNormalization", List.of("x", "g", "b", "m", "v"), Map.of("epsilon", 1e-2f)))
        .input("x", GradCheck.randn(7, 2, 3, 3, 3))
        .input("g", GradCheck.randn(8, 3))
        .input("b", GradCheck.randn(9, 3))
        .input("m", GradCheck.randn(10, 3))
        .input("v", GradCheck.uniform(11, 0.5, 2.0, 3))
        .batch("x").label("bn inference").check();
  }

  @Test
  void layerNorm_lastTwoAxes_broadcastBias_float64() {
    GradCheck.of(b -> b.op("LayerNormalization", List.of("x", "g", "b"), Map.of("axis", -2L, "epsilon", 1e-3f)))
        .input("x", GradCheck.randn(12, 2, 3, 4, 5))
        .input("g", GradCheck.randn(13, 4, 5))
        .input("b", GradCheck.randn(14, 5))
        .batch("x").label("layernorm").check();
  }

  @Test
  void dropout_inferenceMode_isIdentity_float64() {
    GradCheck.typed((b, t) -> b.op("Dropout", List.of("x", b.scalar(t, 0.3)), Map.of(), 2).get(0))
        .input("x", GradCheck.randn(15, 3, 4)).label("dropout inference").check();
  }
}
