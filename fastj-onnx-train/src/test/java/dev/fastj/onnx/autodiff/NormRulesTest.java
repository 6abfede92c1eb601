package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormRulesTest {

  private static final DataType D = DataType.DOUBLE;

  @Test
  void batchNorm_trainingMode_double() {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", NnCheck.random(D, 1, 3, 4, 3, 2));
    in.put("g", NnCheck.random(D, 2, 4));
    in.put("b", NnCheck.random(D, 3, 4));
    double e = NnCheck.maxRelError(D, in, List.of("x", "g", "b"), (b, n) -> {
      String mean = b.constant(Tensor.full(D, 0.1, 4));
      String var = b.constant(Tensor.full(D, 1.5, 4));
      return b.op("BatchNormalization", List.of(n.get("x"), n.get("g"), n.get("b"), mean, var),
          Map.of("training_mode", 1L, "epsilon", 1e-3f, "momentum", 0.9f), 3).get(0);
    }, 1e-6, 3);
    System.out.println("bn train " + e);
    assertThat(e).isLessThan(1e-6);
  }

  @Test
  void batchNorm_trainingMode_rank2_double() {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", NnCheck.random(D, 1, 5, 3));
    in.put("g", NnCheck.random(D, 2, 3));
    in.put("b", NnCheck.random(D, 3, 3));
    double e = NnCheck.maxRelError(D, in, List.of("x", "g", "b"), (b, n) -> {
      String mean = b.constant(Tensor.full(D, 0, 3));
      String var = b.constant(Tensor.full(D, 1, 3));
      return b.op("BatchNormalization", List.of(n.get("x"), n.get("g"), n.get("b"), mean, var),
          Map.of("training_mode", 1L), 3).get(0);
    }, 1e-6, 3);
    System.out.println("bn train rank2 " + e);
    assertThat(e).isLessThan(1e-6);
  }

  @Test
  void batchNorm_inference_allInputs_double() {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", NnCheck.random(D, 1, 2, 3, 3, 3));
    in.put("g", NnCheck.random(D, 2, 3));
    in.put("b", NnCheck.random(D, 3, 3));
    in.put("m", NnCheck.random(D, 4, 3));
    in.put("v", Tensor.ofDoubles(new double[] {0.5, 1.2, 2.0}, 3));
    double e = NnCheck.maxRelError(D, in, List.of("x", "g", "b", "m", "v"), (b, n) ->
        b.op("BatchNormalization", List.of(n.get("x"), n.get("g"), n.get("b"), n.get("m"), n.get("v")),
            Map.of("epsilon", 1e-2f)), 1e-6, 3);
    System.out.println("bn eval " + e);
    assertThat(e).isLessThan(1e-6);
  }

  @Test
  void layerNorm_lastTwoAxes_double() {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", NnCheck.random(D, 1, 2, 3, 4, 5));
    in.put("g", NnCheck.random(D, 2, 4, 5));
    in.put("b", NnCheck.random(D, 3, 5));
    double e = NnCheck.maxRelError(D, in, List.of("x", "g", "b"), (b, n) ->
        b.op("LayerNormalization", List.of(n.get("x"), n.get("g"), n.get("b")),
            Map.of("axis", -2L, "epsilon", 1e-3f)), 1e-6, 3);
    System.out.println("ln " + e);
    assertThat(e).isLessThan(1e-6);
  }

  @Test
  void dropout_inferenceMode_isIdentity_double() {
    Map<String, Tensor> in = Map.of("x", NnCheck.random(D, 1, 3, 4));
    double e = NnCheck.maxRelError(D, in, List.of("x"), (b, n) ->
        b.op("Dropout", List.of(n.get("x"), b.scalar(D, 0.3)), Map.of(), 2).get(0), 1e-6, 3);
    assertThat(e).isLessThan(1e-8);
  }
}
