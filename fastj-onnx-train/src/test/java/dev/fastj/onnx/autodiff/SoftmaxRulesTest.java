package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Float64 finite-difference checks of Softmax, LogSoftmax and the class-index losses. */
class SoftmaxRulesTest {

  @Test
  void softmax_axis1() {
    GradCheck.of(b -> b.op("Softmax", List.of("x"), Map.of("axis", 1L)))
        .input("x", GradCheck.randn(1, 2, 4, 3)).batch("x").label("softmax").check();
  }

  @Test
  void logSoftmax_lastAxis() {
    GradCheck.of(b -> b.op("LogSoftmax", "x"))
        .input("x", GradCheck.randn(2, 2, 4, 3)).batch("x").label("logsoftmax").check();
  }

  private static void loss(String op, Map<String, Object> attrs, boolean weights, long[] labels, String label,
      long... scoreDims) {
    long[] labelDims = new long[scoreDims.length - 1];
    labelDims[0] = scoreDims[0];
    System.arraycopy(scoreDims, 2, labelDims, 1, scoreDims.length - 2);
    GradCheck c = GradCheck.of(b -> {
      List<String> in = new ArrayList<>(List.of("x", "t"));
      if (weights) {
        in.add("w");
      }
      if (op.equals("NegativeLogLikelihoodLoss")) {
        in.set(0, b.op("LogSoftmax", List.of("x"), Map.of("axis", 1L)));
      }
      return b.op(op, in, attrs);
    }).input("x", GradCheck.randn(3, scoreDims)).input("t", Tensor.ofLongs(labels, labelDims)).wrt("x")
        .batch("x", "t").label(label);
    if (weights) {
      c.input("w", Tensor.ofDoubles(new double[] {0.5, 2.0, 1.0, 1.5}, 4)).wrt("x", "w");
    }
    c.check();
  }

  @Test
  void softmaxCrossEntropy_mean_ignoreIndex() {
    loss("SoftmaxCrossEntropyLoss", Map.of("ignore_index", 2L), false, new long[] {0, 2, 3, 1, 2},
        "sce mean ignore_index", 5, 4);
  }

  @Test
  void softmaxCrossEntropy_weighted_spatial_ignoreMinus100() {
    loss("SoftmaxCrossEntropyLoss", Map.of("ignore_index", -100L), true, new long[] {0, -100, 3, 1, 2, 1},
        "sce weighted spatial", 2, 4, 3);
  }

  @Test
  void softmaxCrossEntropy_sum_and_none() {
    loss("SoftmaxCrossEntropyLoss", Map.of("reduction", "sum"), false, new long[] {0, 1, 3}, "sce sum", 3, 4);
    loss("SoftmaxCrossEntropyLoss", Map.of("reduction", "none"), true, new long[] {0, 1, 3}, "sce none", 3, 4);
  }

  @Test
  void softmaxCrossEntropy_logProbOutputUsedToo() {
    GradCheck.of(b -> {
      List<String> outs = b.op("SoftmaxCrossEntropyLoss", List.of("x", "t"), Map.of(), 2);
      return b.add(outs.get(0), b.reduceSum(outs.get(1), false));
    }).input("x", GradCheck.randn(4, 3, 4)).input("t", Tensor.ofLongs(new long[] {1, 0, 3}, 3))
        .wrt("x").label("sce with log_prob").check();
  }

  @Test
  void negativeLogLikelihood_weighted_ignoreIndex_and_none() {
    loss("NegativeLogLikelihoodLoss", Map.of("ignore_index", 1L), true, new long[] {0, 1, 3, 2}, "nll mean", 4, 4);
    loss("NegativeLogLikelihoodLoss", Map.of("reduction", "none"), false, new long[] {0, 1, 3, 2}, "nll none", 4, 4);
  }
}
