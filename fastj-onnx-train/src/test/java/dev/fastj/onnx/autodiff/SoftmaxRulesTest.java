package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoftmaxRulesTest {

  private static final DataType D = DataType.DOUBLE;

  @Test
  void softmax_axis1_double() {
    double e = NnCheck.maxRelError(D, Map.of("x", NnCheck.random(D, 1, 2, 4, 3)), List.of("x"),
        (b, n) -> b.op("Softmax", List.of(n.get("x")), Map.of("axis", 1L)), 1e-6, 3);
    System.out.println("softmax " + e);
    assertThat(e).isLessThan(1e-7);
  }

  @Test
  void logSoftmax_lastAxis_double() {
    double e = NnCheck.maxRelError(D, Map.of("x", NnCheck.random(D, 1, 2, 4, 3)), List.of("x"),
        (b, n) -> b.op("LogSoftmax", n.get("x")), 1e-6, 3);
    System.out.println("logsoftmax " + e);
    assertThat(e).isLessThan(1e-7);
  }

  private static double lossError(String op, Map<String, Object> attrs, boolean weights, long[] labels,
      long... scoreDims) {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", NnCheck.random(D, 1, scoreDims));
    long[] labelDims = new long[scoreDims.length - 1];
    labelDims[0] = scoreDims[0];
    System.arraycopy(scoreDims, 2, labelDims, 1, scoreDims.length - 2);
    List<String> wrt = List.of("x");
    if (weights) {
      in.put("w", Tensor.ofDoubles(new double[] {0.5, 2.0, 1.0, 1.5}, 4));
    }
    return NnCheck.maxRelError(D, in, wrt, (b, n) -> {
      String t = b.constant(Tensor.ofLongs(labels, labelDims));
      List<String> inputs = weights ? List.of(n.get("x"), t, n.get("w")) : List.of(n.get("x"), t);
      String scores = op.equals("NegativeLogLikelihoodLoss")
          ? b.op("LogSoftmax", List.of(n.get("x")), Map.of("axis", 1L)) : n.get("x");
      List<String> withScores = new java.util.ArrayList<>(inputs);
      withScores.set(0, scores);
      return b.op(op, withScores, attrs);
    }, 1e-6, 3);
  }

  @Test
  void softmaxCrossEntropy_mean_ignoreIndex_double() {
    double e = lossError("SoftmaxCrossEntropyLoss", Map.of("ignore_index", 2L), false,
        new long[] {0, 2, 3, 1, 2}, 5, 4);
    System.out.println("sce mean ignore " + e);
    assertThat(e).isLessThan(1e-7);
  }

  @Test
  void softmaxCrossEntropy_weighted_mean_ignoreNegative_spatial_double() {
    double e = lossError("SoftmaxCrossEntropyLoss", Map.of("ignore_index", -100L), true,
        new long[] {0, -100, 3, 1, 2, 1}, 2, 4, 3);
    System.out.println("sce weighted spatial " + e);
    assertThat(e).isLessThan(1e-7);
  }

  @Test
  void softmaxCrossEntropy_sumAndNone_double() {
    double sum = lossError("SoftmaxCrossEntropyLoss", Map.of("reduction", "sum"), false,
        new long[] {0, 1, 3}, 3, 4);
    double none = lossError("SoftmaxCrossEntropyLoss", Map.of("reduction", "none"), true,
        new long[] {0, 1, 3}, 3, 4);
    System.out.println("sce sum " + sum + " none " + none);
    assertThat(sum).isLessThan(1e-7);
    assertThat(none).isLessThan(1e-7);
  }

  @Test
  void negativeLogLikelihood_weighted_ignoreIndex_double() {
    double mean = lossError("NegativeLogLikelihoodLoss", Map.of("ignore_index", 1L), true,
        new long[] {0, 1, 3, 2}, 4, 4);
    double none = lossError("NegativeLogLikelihoodLoss", Map.of("reduction", "none"), false,
        new long[] {0, 1, 3, 2}, 4, 4);
    System.out.println("nll " + mean + " none " + none);
    assertThat(mean).isLessThan(1e-7);
    assertThat(none).isLessThan(1e-7);
  }
}
