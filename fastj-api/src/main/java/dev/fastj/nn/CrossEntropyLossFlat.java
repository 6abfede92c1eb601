package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.TensorData;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code CrossEntropyLossFlat} (and {@code LabelSmoothingCrossEntropyFlat} with
 * {@link #withLabelSmoothing}): softmax cross-entropy over axis 1 of the output ([N, C] for
 * classification, [N, C, H, W] for segmentation) against INT64 class indices ([N] or [N, H, W]),
 * averaged over the rows (pixels) whose target is not {@link #withIgnoreIndex ignored}. The
 * activation is the softmax over axis 1.
 */
public final class CrossEntropyLossFlat implements Loss {

  private final Long ignoreIndex;
  private final double labelSmoothing;

  private CrossEntropyLossFlat(Long ignoreIndex, double labelSmoothing) {
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
  }

  /** Plain cross-entropy, no ignored index, no smoothing. */
  public static CrossEntropyLossFlat create() {
    return new CrossEntropyLossFlat(null, 0);
  }

  /** A copy where targets equal to {@code index} (a void code) count neither in the loss nor in the mean. */
  public CrossEntropyLossFlat withIgnoreIndex(long index) {
    return new CrossEntropyLossFlat(index, labelSmoothing);
  }

  /**
   * A copy with label smoothing {@code eps} (fastai's {@code LabelSmoothingCrossEntropy}, 0.1
   * there): the target distribution is (1 - eps) on the class plus eps / C everywhere.
   */
  public CrossEntropyLossFlat withLabelSmoothing(double eps) {
    checkArgument(eps >= 0 && eps < 1, "label smoothing must be in [0, 1), got %s", eps);
    return new CrossEntropyLossFlat(ignoreIndex, eps);
  }

  @Override
  public Var forward(Emitter e, Var output, Var target) {
    Var logp = e.op("LogSoftmax", List.of(output), Map.of("axis", 1L));
    Var depth;
    Var classes;
    if (output.shape() != null && output.rank() >= 2 && output.dim(1) > 0) {
      depth = e.constantLongs(new long[] {output.dim(1)}, 1);
      classes = Losses.scalar(e, output.dim(1));
    } else {
      depth = e.op("Gather", List.of(e.op("Shape", output), e.constantLongs(new long[] {1}, 1)), Map.of("axis", 0L));
      classes = e.op("Cast", List.of(depth), Map.of("to", 1L));
    }
    Var valid = null;
    Var safeTarget = target;
    if (ignoreIndex != null) {
      valid = e.op("Not", e.op("Equal", target, e.constantLongs(new long[] {ignoreIndex}, 1)));
      safeTarget = e.op("Where", valid, target, e.constantLongs(new long[] {0}, 1));
    }
    Var oneHot = e.op("OneHot", List.of(safeTarget, depth, e.constant(new float[] {0f, 1f}, 2)), Map.of("axis", 1L));
    Var weights = oneHot;
    if (labelSmoothing > 0) {
      Var scaled = e.op("Mul", oneHot, Losses.scalar(e, (float) (1 - labelSmoothing)));
      weights = e.op("Add", scaled, e.op("Div", Losses.scalar(e, (float) labelSmoothing), classes));
    }
    Var rowLoss = e.op("Neg", Losses.reduce(e, "ReduceSum", e.op("Mul", logp, weights), false, 1));
    if (valid == null) {
      return Losses.reduce(e, "ReduceMean", rowLoss, false);
    }
    Var validF = e.op("Cast", List.of(valid), Map.of("to", 1L));
    Var total = Losses.reduce(e, "ReduceSum", e.op("Mul", rowLoss, validF), false);
    Var count = e.op("Max", Losses.reduce(e, "ReduceSum", validF, false), Losses.scalar(e, 1f));
    return e.op("Div", total, count);
  }

  /** Softmax over axis 1 (class probabilities). */
  @Override
  public TensorData activation(TensorData rawOutput) {
    return Losses.softmaxAxis1(rawOutput);
  }

  @Override
  public TensorData.DType targetType() {
    return TensorData.DType.INT64;
  }

  @Override
  public String describe() {
    return "CrossEntropyLossFlat(" + (ignoreIndex == null ? "" : "ignore_index=" + ignoreIndex)
        + (labelSmoothing > 0 ? (ignoreIndex == null ? "" : ", ") + "eps=" + labelSmoothing : "") + ")";
  }
}
