package dev.fastj.nn;

import java.util.List;
import java.util.Map;

/**
 * The emission shared by {@link BatchNorm1d} and {@link BatchNorm2d}.
 *
 * <p>Training: one {@code BatchNormalization} node in training mode with momentum 0, which outputs the
 * batch mean and biased variance over every axis but 1 (its gradient rule reuses them), and the running
 * statistics updated as PyTorch does: {@code running = (1 - momentum) * running + momentum * stat},
 * with the unbiased variance {@code var * M / (M - 1)}, M the number of values per channel.
 * Evaluation: one {@code BatchNormalization} node on the running statistics.
 *
 * <p>A 2-d input {@code [N, C]} trains as {@code [1, C, N]} (a Transpose and an Unsqueeze before the
 * node, a Squeeze and a Transpose after): ONNX Runtime's training-mode BatchNormalization reduces
 * over the contiguous last axis many times faster than down the rows. Measured on the tabular
 * model's train step at batch 1024 (2 threads): its three BatchNorm1d layers took 2.6 ms of kernel
 * time as [N, C] and 0.15 ms plus 0.5 ms of transposes as [1, C, N], the step 7.3 ms then 5.7 ms.
 */
final class BatchNorms {

  private BatchNorms() {}

  /** {@code defaultRank} is the input rank assumed when the emitter does not know it. */
  static Var forward(Module layer, Emitter e, Var x, int defaultRank, int numFeatures, double eps, double momentum,
      boolean zeroInit, double biasInit) {
    Shapes.checkDim(layer, x, 1, numFeatures, "features (numFeatures)");
    long c = numFeatures;
    Var weight = e.param("weight", Shapes.of(c), zeroInit ? Init.zeros() : Init.ones(), ParamRole.NORM_WEIGHT);
    Var bias = e.param("bias", Shapes.of(c), new Init.Constant(biasInit), ParamRole.NORM_BIAS);
    Var runningMean = e.buffer("running_mean", Shapes.of(c), Init.zeros());
    Var runningVar = e.buffer("running_var", Shapes.of(c), Init.ones());
    if (!e.training()) {
      return e.op("BatchNormalization", List.of(x, weight, bias, runningMean, runningVar),
          Map.of("epsilon", (float) eps));
    }
    return training(e, x, c, eps, momentum, weight, bias, runningMean, runningVar);
  }

  /**
   * One {@code BatchNormalization(training_mode=1, momentum=0)} node: ONNX defines its second and
   * third outputs as the batch mean and biased variance when the momentum is 0, so they feed the
   * running statistics (PyTorch's unbiased update) and the gradient rule reuses them instead of
   * recomputing them (measured: 16% less CPU time per ResNet train step than ten primitive
   * operators). ONNX Runtime writes the statistics outputs in place over the mean and variance
   * inputs, whose values momentum 0 ignores: a constant shared between layers there made one layer
   * read another's statistics, and the running buffers themselves were overwritten (a step that
   * failed changed the state), so each node gets its own {@code running * 0}.
   */
  private static Var training(Emitter e, Var x, long c, double eps, double momentum, Var weight, Var bias,
      Var runningMean, Var runningVar) {
    Var zero = e.constant(new float[] {0f});
    boolean flat = x.rank() == 2;
    Var in = flat ? e.op("Unsqueeze", List.of(e.op("Transpose", List.of(x), Map.of("perm", new long[] {1, 0})),
        e.constantLongs(new long[] {0}, 1)), Map.of()) : x;
    List<Var> outs = e.op("BatchNormalization",
        List.of(in, weight, bias, e.op("Mul", runningMean, zero), e.op("Mul", runningVar, zero)),
        Map.of("epsilon", (float) eps, "momentum", 0f, "training_mode", 1L), 3);
    if (flat) {
      outs = List.of(e.op("Transpose", List.of(e.op("Squeeze", List.of(outs.get(0), e.constantLongs(new long[] {0}, 1)),
          Map.of())), Map.of("perm", new long[] {1, 0})), outs.get(1), outs.get(2));
    }
    Var keepOld = e.constant(new float[] {(float) (1 - momentum)});
    Var takeNew = e.constant(new float[] {(float) momentum});
    Var m = e.op("Div", e.op("Cast", List.of(e.op("Size", x)), Map.of("to", 1L)),
        e.constant(new float[] {c}));
    Var unbias = e.op("Div", m, e.op("Sub", m, e.constant(new float[] {1f})));
    e.updateBuffer(runningMean, e.op("Add", e.op("Mul", runningMean, keepOld), e.op("Mul", outs.get(1), takeNew)));
    e.updateBuffer(runningVar, e.op("Add", e.op("Mul", runningVar, keepOld),
        e.op("Mul", e.op("Mul", outs.get(2), unbias), takeNew)));
    return outs.get(0);
  }

  static String describe(String kind, int numFeatures, double eps, double momentum, boolean zeroInit,
      double biasInit) {
    StringBuilder s = new StringBuilder(kind).append('(').append(numFeatures);
    if (eps != 1e-5) s.append(", eps=").append(eps);
    if (momentum != 0.1) s.append(", momentum=").append(momentum);
    if (zeroInit) s.append(", weight=0");
    if (biasInit != 0) s.append(", bias=").append(biasInit);
    return s.append(')').toString();
  }
}
