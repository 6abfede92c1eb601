package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Gradient rules for Softmax, LogSoftmax (opset 13 semantics: one axis, default -1) and the
 * class-index losses SoftmaxCrossEntropyLoss and NegativeLogLikelihoodLoss (reductions mean,
 * sum and none, ignore_index, optional class weights).
 *
 * <p>For the losses, with w_i the weight of sample i's target class (0 when its target is the
 * ignore index) and g_i the incoming gradient of sample i's loss (dLoss for 'sum', dLoss /
 * sum(w) for 'mean', dLoss_i for 'none'): dScores = (softmax(scores) - onehot(target)) * w_i
 * * g_i, and dInput of the NLL loss = -onehot(target) * w_i * g_i.
 */
final class SoftmaxRules {

  private SoftmaxRules() {}

  static void register(GradientRules r) {
    r.register("Softmax", SoftmaxRules::softmax);
    r.register("LogSoftmax", SoftmaxRules::logSoftmax);
    r.register("SoftmaxCrossEntropyLoss", SoftmaxRules::softmaxCrossEntropy);
    r.register("NegativeLogLikelihoodLoss", SoftmaxRules::negativeLogLikelihood);
  }

  private static long axis(Node node, GradContext ctx) {
    long axis = node.attrLong("axis", -1);
    if (axis < 0) {
      long[] s = NnOps.shapeOf(ctx, node, node.input(0));
      axis += s.length;
    }
    return axis;
  }

  private static void softmax(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null || !ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String y = node.output(0);
    String dot = b.reduceSum(b.mul(dy, y), true, axis(node, ctx));
    ctx.addGradInput(0, b.mul(y, b.sub(dy, dot)));
  }

  private static void logSoftmax(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null || !ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String softmax = b.op("Exp", node.output(0));
    String total = b.reduceSum(dy, true, axis(node, ctx));
    ctx.addGradInput(0, b.sub(dy, b.mul(softmax, total)));
  }

  private static void softmaxCrossEntropy(Node node, GradContext ctx) {
    String dLoss = ctx.gradOutput(0);
    String dLogProb = ctx.gradOutput(1);
    if (dLoss == null && dLogProb == null) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String scores = node.input(0);
    DataType type = ctx.type(scores);
    String grad = null;
    if (dLoss != null) {
      String softmax = b.op("Softmax", List.of(scores), Map.of("axis", 1L));
      Targets t = targets(node, ctx, b, type, dLoss);
      grad = b.mul(b.sub(softmax, t.onehot()), t.perSample());
      if (node.hasInput(2) && ctx.needsGrad(2)) {
        String logProb = node.output(1).isEmpty()
            ? b.op("LogSoftmax", List.of(scores), Map.of("axis", 1L)) : node.output(1);
        ctx.addGradInput(2, classWeightGrad(node, b, t, logProb, type));
      }
    }
    if (dLogProb != null) {
      // log_prob is LogSoftmax(scores, axis 1)
      String softmax = b.op("Exp", node.output(1));
      String fromLogProb = b.sub(dLogProb, b.mul(softmax, b.reduceSum(dLogProb, true, 1)));
      grad = grad == null ? fromLogProb : b.add(grad, fromLogProb);
    }
    if (ctx.needsGrad(0)) {
      ctx.addGradInput(0, grad);
    }
  }

  private static void negativeLogLikelihood(Node node, GradContext ctx) {
    String dLoss = ctx.gradOutput(0);
    if (dLoss == null) {
      return;
    }
    GraphBuilder b = ctx.builder();
    DataType type = ctx.type(node.input(0));
    Targets t = targets(node, ctx, b, type, dLoss);
    if (ctx.needsGrad(0)) {
      ctx.addGradInput(0, b.neg(b.mul(t.onehot(), t.perSample())));
    }
    if (node.hasInput(2) && ctx.needsGrad(2)) {
      ctx.addGradInput(2, classWeightGrad(node, b, t, node.input(0), type));
    }
  }

  /**
   * The gradient of the class weights: sample i contributes g_i * nll_i to its target's weight
   * (g_i * (nll_i - loss) for 'mean', whose denominator holds the weights too), with nll_i =
   * -logProb[i, target_i] and ignored samples left out.
   */
  private static String classWeightGrad(Node node, GraphBuilder b, Targets t, String logProb, DataType type) {
    String nll = b.neg(b.reduceSum(b.mul(t.onehot(), logProb), false, 1));
    String term = t.mean() ? b.sub(nll, node.output(0)) : nll;
    String q = b.mul(t.unweighted(), term);
    if (t.valid() != null) {
      q = b.mul(q, b.cast(t.valid(), type));
    }
    String perClass = b.mul(t.onehot(), NnOps.unsqueeze(b, q, 1));
    long rank = t.rank();
    long[] axes = new long[(int) rank - 1];
    axes[0] = 0;
    for (int i = 2; i < rank; i++) {
      axes[i - 1] = i;
    }
    return b.reduceSum(perClass, false, axes);
  }

  /**
   * What the loss rules share: one-hot targets [N, C, d...]; the per-sample factor w_i * g_i
   * as [N, 1, d...]; g_i alone [N, d...]; the mask of samples not ignored (or null); whether
   * the reduction is 'mean'; the rank of the scores.
   */
  private record Targets(String onehot, String perSample, String unweighted, String valid, boolean mean, long rank) {}

  private static Targets targets(Node node, GradContext ctx, GraphBuilder b, DataType type, String dLoss) {
    String scores = node.input(0);
    String labels = b.cast(node.input(1), DataType.INT64);
    String reduction = node.attrString("reduction", "mean");
    String valid = null;
    String safeLabels = labels;
    if (node.attr("ignore_index") != null) {
      String ignore = b.constant(Tensor.scalar(DataType.INT64, node.attrLong("ignore_index", 0)));
      valid = b.op("Not", b.op("Equal", labels, ignore));
      // ignored targets may be any value (-100, 255): keep OneHot and Gather in range
      safeLabels = b.op("Where", List.of(valid, labels, b.constant(Tensor.scalar(DataType.INT64, 0))), Map.of());
    }
    long[] ss = NnOps.shapeOf(ctx, node, scores);
    // one-hot by comparing with the class indices: ONNX Runtime's OneHot has no double kernel
    String classes;
    if (ss[1] >= 0) {
      long[] range = new long[(int) ss[1]];
      for (int i = 0; i < range.length; i++) {
        range[i] = i;
      }
      classes = b.longs(range);
    } else {
      String depth = b.op("Squeeze", b.op("Slice", List.of(b.op("Shape", scores), b.longs(1), b.longs(2)), Map.of()));
      classes = b.op("Range", b.constant(Tensor.scalar(DataType.INT64, 0)), depth,
          b.constant(Tensor.scalar(DataType.INT64, 1)));
    }
    long[] view = new long[ss.length];
    Arrays.fill(view, 1);
    view[1] = -1;
    String onehot = b.cast(b.op("Equal", NnOps.unsqueeze(b, safeLabels, 1), b.reshape(classes, view)), type);
    String weight;
    if (node.hasInput(2)) {
      weight = b.op("Gather", List.of(node.input(2), safeLabels), Map.of("axis", 0L));
      if (valid != null) {
        weight = b.mul(weight, b.cast(valid, type));
      }
    } else if (valid != null) {
      weight = b.cast(valid, type);
    } else {
      weight = null;
    }
    String g;
    switch (reduction) {
      case "none" -> g = dLoss;
      case "sum" -> g = b.op("Expand", dLoss, b.op("Shape", labels));
      case "mean" -> {
        String denom = weight == null
            ? b.cast(b.op("Size", labels), type)
            : b.reduceSum(weight, false);
        g = b.op("Expand", b.div(dLoss, denom), b.op("Shape", labels));
      }
      default -> throw new IllegalArgumentException(node.describe() + " has unknown reduction '"
          + reduction + "'; ONNX defines none, sum and mean");
    }
    String perSample = weight == null ? g : b.mul(g, weight);
    return new Targets(onehot, NnOps.unsqueeze(b, perSample, 1), g, valid, reduction.equals("mean"), ss.length);
  }
}
