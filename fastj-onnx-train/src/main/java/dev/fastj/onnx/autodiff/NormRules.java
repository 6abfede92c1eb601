package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Gradient rules for BatchNormalization (training and inference forms), LayerNormalization
 * and Dropout.
 *
 * <p>BatchNormalization in training mode does not output its batch mean and inverse standard
 * deviation in ONNX Runtime, so the rule recomputes them from X (per channel over N and the
 * spatial axes) and uses dX = gamma * rstd * (dY - mean(dY) - xhat * mean(dY * xhat)). Its
 * running statistics are optimizer-like state, not differentiable outputs.
 */
final class NormRules {

  private NormRules() {}

  static void register(GradientRules r) {
    r.register("BatchNormalization", NormRules::batchNorm);
    r.register("LayerNormalization", NormRules::layerNorm);
    r.register("Dropout", NormRules::dropout);
  }

  private static void batchNorm(Node node, GradContext ctx) {
    NnOps.rejectGrad(ctx, node, 1, "the running mean");
    NnOps.rejectGrad(ctx, node, 2, "the running variance");
    String dy = ctx.gradOutput(0);
    if (dy == null) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String x = node.input(0);
    String scale = node.input(1);
    long[] xs = NnOps.shapeOf(ctx, node, x);
    int rank = xs.length;
    DataType type = ctx.type(x);
    long[] axes = NnOps.allButChannel(rank);
    String eps = b.scalar(type, node.attrFloat("epsilon", 1e-5f));
    boolean training = node.attrLong("training_mode", 0) != 0;
    String gamma = NnOps.channelView(b, scale, rank);
    String sumDy = b.reduceSum(dy, false, axes);
    if (training) {
      trainingBatchNorm(b, node, ctx, dy, gamma, sumDy, eps, type, rank, axes);
      return;
    }
    // inference form: the mean and variance are inputs, so X enters linearly
    String mean = NnOps.channelView(b, node.input(3), rank);
    String rstdVec = b.op("Reciprocal", b.op("Sqrt", b.add(node.input(4), eps)));
    String rstd = NnOps.channelView(b, rstdVec, rank);
    String xc = b.sub(x, mean);
    if (ctx.needsGrad(0)) {
      ctx.addGradInput(0, b.mul(dy, b.mul(gamma, rstd)));
    }
    if (ctx.needsGrad(1)) {
      ctx.addGradInput(1, b.reduceSum(b.mul(dy, b.mul(xc, rstd)), false, axes));
    }
    if (ctx.needsGrad(2)) {
      ctx.addGradInput(2, sumDy);
    }
    if (ctx.needsGrad(3)) {
      ctx.addGradInput(3, b.neg(b.mul(sumDy, b.mul(scale, rstdVec))));
    }
    if (ctx.needsGrad(4)) {
      // d/dvar of (var + eps)^-1/2 is -rstd^3 / 2
      String rstd3 = b.mul(rstdVec, b.mul(rstdVec, rstdVec));
      String sumDyXc = b.reduceSum(b.mul(dy, xc), false, axes);
      ctx.addGradInput(4, b.mul(b.mul(sumDyXc, scale), b.mul(rstd3, b.scalar(type, -0.5))));
    }
  }

  /**
   * The training form: with the batch mean mu and biased variance over (N, spatial), M values per
   * channel, xc = x - mu and rstd = 1 / sqrt(var + eps),
   * dX = gamma rstd (dY - mean(dY) - xc rstd^2 mean(dY xc)), written as the per-channel affine
   * combination a dY + b xc + c so that only five full-size passes remain. The batch statistics are
   * read from outputs 1 and 2 when the node has them with momentum 0 (ONNX then defines them as
   * the batch mean and biased variance), and {@link #trainingBatchNormFromX} then skips xc too;
   * otherwise they are recomputed from X.
   */
  private static void trainingBatchNorm(GraphBuilder b, Node node, GradContext ctx, String dy, String gamma,
      String sumDy, String eps, DataType type, int rank, long[] axes) {
    String x = node.input(0);
    String mean;
    String var;
    boolean statsOut = node.outputs().size() >= 3 && !node.output(1).isEmpty() && !node.output(2).isEmpty()
        && node.attrFloat("momentum", 0.9f) == 0f;
    String xc;
    if (statsOut) {
      mean = NnOps.channelView(b, node.output(1), rank);
      var = NnOps.channelView(b, node.output(2), rank);
      trainingBatchNormFromX(b, node, ctx, dy, gamma, sumDy, eps, type, rank, axes, mean, var);
      return;
    } else {
      mean = b.reduceMean(x, true, axes);
      xc = b.sub(x, mean);
      var = b.reduceMean(b.mul(xc, xc), true, axes);
    }
    String rstd = b.op("Reciprocal", b.op("Sqrt", b.add(var, eps)));
    String sumDyXc = b.reduceSum(b.mul(dy, xc), true, axes);
    if (ctx.needsGrad(0)) {
      // 1 / M as a scalar: the channel count over the element count
      String channels = b.cast(b.reshape(b.op("Shape", List.of(x), Map.of("start", 1L, "end", 2L)), new long[0]), type);
      String invM = b.div(channels, b.cast(b.op("Size", x), type));
      String a = b.mul(gamma, rstd);
      String bc = b.neg(b.mul(b.mul(a, b.mul(rstd, rstd)), b.mul(sumDyXc, invM)));
      String c = b.neg(b.mul(a, b.mul(NnOps.channelView(b, sumDy, rank), invM)));
      ctx.addGradInput(0, b.add(b.add(b.mul(dy, a), b.mul(xc, bc)), c));
    }
    if (ctx.needsGrad(1)) {
      ctx.addGradInput(1, b.reshape(b.mul(sumDyXc, rstd), -1));
    }
    if (ctx.needsGrad(2)) {
      ctx.addGradInput(2, sumDy);
    }
  }

  /**
   * The training form when the batch mean and variance come from the node's outputs, without the
   * full-size centred input xc = x - mu: sum(dY xc) = sum(dY x) - mu sum(dY), and
   * dX = a dY + bc x + (c - bc mu) with the per-channel a, bc, c of {@link #trainingBatchNorm}.
   * One full-size pass (the Sub) fewer: 2-3.5% less CPU time per train step of the benchmark's
   * ResNets. The cancellation costs some float32 accuracy when |mu| is large against the standard
   * deviation: against float64, dgamma's error grew from 3.0e-6 to 9.2e-6 at mu/sigma = 20 and
   * from 2.3e-5 to 6.8e-5 at 100 (64x8x32x32, errors relative to the largest gradient), dX's stayed
   * below 1e-5; BatchNormFloat32AccuracyTest bounds both.
   */
  private static void trainingBatchNormFromX(GraphBuilder b, Node node, GradContext ctx, String dy, String gamma,
      String sumDy, String eps, DataType type, int rank, long[] axes, String mean, String var) {
    String x = node.input(0);
    String rstd = b.op("Reciprocal", b.op("Sqrt", b.add(var, eps)));
    String sumDyView = NnOps.channelView(b, sumDy, rank);
    String sumDyXc = b.sub(b.reduceSum(b.mul(dy, x), true, axes), b.mul(mean, sumDyView));
    if (ctx.needsGrad(0)) {
      String channels = b.cast(b.reshape(b.op("Shape", List.of(x), Map.of("start", 1L, "end", 2L)), new long[0]), type);
      String invM = b.div(channels, b.cast(b.op("Size", x), type));
      String a = b.mul(gamma, rstd);
      String bc = b.neg(b.mul(b.mul(a, b.mul(rstd, rstd)), b.mul(sumDyXc, invM)));
      String c = b.sub(b.neg(b.mul(a, b.mul(sumDyView, invM))), b.mul(bc, mean));
      ctx.addGradInput(0, b.add(b.add(b.mul(dy, a), b.mul(x, bc)), c));
    }
    if (ctx.needsGrad(1)) {
      ctx.addGradInput(1, b.reshape(b.mul(sumDyXc, rstd), -1));
    }
    if (ctx.needsGrad(2)) {
      ctx.addGradInput(2, sumDy);
    }
  }

  private static void layerNorm(Node node, GradContext ctx) {
    NnOps.rejectGrad(ctx, node, 1, "the mean");
    NnOps.rejectGrad(ctx, node, 2, "the inverse standard deviation");
    String dy = ctx.gradOutput(0);
    if (dy == null) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String x = node.input(0);
    long[] xs = NnOps.shapeOf(ctx, node, x);
    int rank = xs.length;
    DataType type = ctx.type(x);
    long axis = node.attrLong("axis", -1);
    if (axis < 0) {
      axis += rank;
    }
    if (axis < 0 || axis >= rank) {
      throw new IllegalArgumentException(node.describe() + " has axis " + node.attrLong("axis", -1)
          + " outside the rank " + rank + " of its input");
    }
    long[] axes = new long[(int) (rank - axis)];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = axis + i;
    }
    String eps = b.scalar(type, node.attrFloat("epsilon", 1e-5f));
    String mean = b.reduceMean(x, true, axes);
    String xc = b.sub(x, mean);
    String var = b.reduceMean(b.mul(xc, xc), true, axes);
    String rstd = b.op("Reciprocal", b.op("Sqrt", b.add(var, eps)));
    String xhat = b.mul(xc, rstd);
    String y = node.output(0);
    if (ctx.needsGrad(0)) {
      String g = b.mul(dy, node.input(1));
      String inner = b.sub(b.sub(g, b.reduceMean(g, true, axes)),
          b.mul(xhat, b.reduceMean(b.mul(g, xhat), true, axes)));
      ctx.addGradInput(0, b.mul(rstd, inner));
    }
    if (ctx.needsGrad(1)) {
      ctx.addGradInput(1, ctx.sumToShape(b.mul(dy, xhat), y, node.input(1)));
    }
    if (node.hasInput(2) && ctx.needsGrad(2)) {
      ctx.addGradInput(2, ctx.sumToShape(dy, y, node.input(2)));
    }
  }

  private static void dropout(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null || !ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    DataType type = ctx.type(node.input(0));
    Boolean training = null;
    if (!node.hasInput(2)) {
      training = false;
    } else {
      Tensor t = ctx.constantValue(node.input(2));
      if (t != null) {
        training = t.toDoubles()[0] != 0;
      }
    }
    if (Boolean.FALSE.equals(training)) {
      ctx.addGradInput(0, b.op("Identity", dy));
      return;
    }
    String mask = node.output(1);
    if (mask.isEmpty()) {
      throw new IllegalArgumentException("the backward of " + node.describe()
          + " in training mode needs its mask output, which the node does not produce;"
          + " give the Dropout node a second output");
    }
    String scale;
    Tensor ratioConst = node.hasInput(1) ? ctx.constantValue(node.input(1)) : null;
    if (!node.hasInput(1) || ratioConst != null) {
      double ratio = ratioConst == null ? 0.5 : ratioConst.toDoubles()[0];
      scale = b.scalar(type, ratio >= 1 ? 0 : 1.0 / (1.0 - ratio));
    } else {
      String ratio = b.cast(node.input(1), type);
      scale = b.div(b.scalar(type, 1.0), b.sub(b.scalar(type, 1.0), ratio));
    }
    String masked = b.mul(b.mul(dy, b.cast(mask, type)), scale);
    if (training == null) {
      // training_mode is fed at run time: in inference the output is the input
      masked = b.op("Where", List.of(node.input(2), masked, dy), Map.of());
    }
    ctx.addGradInput(0, masked);
  }
}
