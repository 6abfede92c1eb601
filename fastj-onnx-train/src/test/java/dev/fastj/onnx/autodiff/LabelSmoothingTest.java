package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * fastj composes label-smoothed cross-entropy from LogSoftmax, Mul, ReduceSum and ReduceMean:
 * loss = mean_i(-sum_c q_ic log p_ic), q = (1 - eps) onehot + eps / C. Its gradient must come
 * out right end to end through the element-wise, reduction and LogSoftmax rules.
 */
class LabelSmoothingTest {

  private static Tensor smoothedTargets(long[] labels, int classes, double eps) {
    double[] q = new double[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      for (int c = 0; c < classes; c++) {
        q[i * classes + c] = eps / classes + (c == labels[i] ? 1 - eps : 0);
      }
    }
    return Tensor.ofDoubles(q, labels.length, classes);
  }

  @Test
  void composedLabelSmoothedCrossEntropy_float64() {
    GradCheck.of(b -> {
      String logp = b.op("LogSoftmax", List.of("x"), Map.of("axis", 1L));
      String perSample = b.neg(b.reduceSum(b.mul("q", logp), false, 1));
      return b.reduceMean(perSample, false);
    }).input("x", GradCheck.randn(1, 6, 5))
        .input("q", smoothedTargets(new long[] {0, 4, 2, 2, 1, 3}, 5, 0.1))
        .wrt("x").batch("x", "q").label("label-smoothed CE").check();
  }

  @Test
  void fastaiFormLabelSmoothing_mixesNllAndMeanLogProb_float64() {
    // fastai: (1 - eps) * nll(logp, target) + eps * mean(-sum_c logp) / C
    GradCheck.typed((b, t) -> {
      String logp = b.op("LogSoftmax", List.of("x"), Map.of("axis", 1L));
      String nll = b.op("NegativeLogLikelihoodLoss", List.of(logp, "target"), Map.of("ignore_index", -100L));
      String smooth = b.div(b.reduceMean(b.neg(b.reduceSum(logp, false, 1)), false), b.scalar(t, 5));
      return b.add(b.mul(nll, b.scalar(t, 0.9)), b.mul(smooth, b.scalar(t, 0.1)));
    }).input("x", GradCheck.randn(2, 6, 5))
        .input("target", Tensor.ofLongs(new long[] {0, 4, -100, 2, 1, 3}, 6))
        .wrt("x").label("fastai label smoothing").check();
  }
}
