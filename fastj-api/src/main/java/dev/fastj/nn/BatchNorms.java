package dev.fastj.nn;

import java.util.List;
import java.util.Map;

/**
 * The emission shared by {@link BatchNorm1d} and {@link BatchNorm2d}.
 *
 * <p>Training: batch mean and biased variance over every axis but 1 with {@code ReduceMean},
 * normalisation with primitive operators (so gradients come from their rules), and the running
 * statistics updated as PyTorch does: {@code running = (1 - momentum) * running + momentum * stat},
 * with the unbiased variance {@code var * M / (M - 1)}, M the number of values per channel.
 * Evaluation: one {@code BatchNormalization} node on the running statistics.
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
    int rank = x.rank() < 0 ? defaultRank : x.rank();
    long[] axes = new long[rank - 1];
    long[] statShape = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      statShape[i] = i == 1 ? c : 1;
      if (i != 1) {
        axes[j++] = i;
      }
    }
    Var axesVar = e.constantLongs(axes, axes.length);
    Map<String, Object> keep = Map.of("keepdims", 1L);
    Var mean = e.op("ReduceMean", List.of(x, axesVar), keep);
    Var centred = e.op("Sub", x, mean);
    Var var = e.op("ReduceMean", List.of(e.op("Mul", centred, centred), axesVar), keep);
    Var std = e.op("Sqrt", e.op("Add", var, e.constant(new float[] {(float) eps})));
    Var normed = e.op("Div", centred, std);
    Var shape = e.constantLongs(statShape, statShape.length);
    Var y = e.op("Add", e.op("Mul", normed, e.op("Reshape", weight, shape)), e.op("Reshape", bias, shape));

    Var flat = e.constantLongs(new long[] {c}, 1);
    Var keepOld = e.constant(new float[] {(float) (1 - momentum)});
    Var takeNew = e.constant(new float[] {(float) momentum});
    Var m = e.op("Div", e.op("Cast", List.of(e.op("Size", x)), Map.of("to", 1L)),
        e.constant(new float[] {c}));
    Var unbias = e.op("Div", m, e.op("Sub", m, e.constant(new float[] {1f})));
    Var batchMean = e.op("Reshape", mean, flat);
    Var batchVar = e.op("Mul", e.op("Reshape", var, flat), unbias);
    e.updateBuffer(runningMean, e.op("Add", e.op("Mul", runningMean, keepOld), e.op("Mul", batchMean, takeNew)));
    e.updateBuffer(runningVar, e.op("Add", e.op("Mul", runningVar, keepOld), e.op("Mul", batchVar, takeNew)));
    return y;
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
