package dev.fastj.onnx.compile;

import dev.fastj.onnx.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Refuses a training batch that gives a BatchNorm layer one value per channel, as PyTorch does
 * ("Expected more than 1 value per channel when training").
 *
 * <p>Why: such a batch has a variance of 0 and an unbiased variance of 0/0, so the running variance
 * becomes NaN and the next steps' gradients NaN, without an error. The number of values per channel
 * is the batch size times the static size of the other axes of the layer's input (1 for
 * {@code BatchNorm1d} on {@code [N, C]}, H*W for {@code BatchNorm2d}), so the check is one
 * multiplication per step: the smallest per-item count of the model's training-mode
 * {@code BatchNormalization} nodes is found once, when the model is compiled.
 */
public final class BatchNormBatchCheck {

  /** A training-mode BatchNormalization: its layer, its input dims ({@code -1} batch) and values per item per channel. */
  record Site(String layer, long[] dims, long perItem) {}

  private final Site smallest;

  private BatchNormBatchCheck(Site smallest) {
    this.smallest = smallest;
  }

  /**
   * The check for the training-mode BatchNormalization nodes among {@code nodes}, whose input dims
   * {@code shapeOf} gives (null, or a negative non-batch dim, when unknown: such a node is not checked).
   */
  public static BatchNormBatchCheck of(List<Node> nodes, Function<String, long[]> shapeOf) {
    List<Site> sites = new ArrayList<>();
    for (Node n : nodes) {
      if (!n.opType().equals("BatchNormalization") || !n.domain().isEmpty() || n.attrLong("training_mode", 0) == 0) {
        continue;
      }
      long[] dims = shapeOf.apply(n.input(0));
      if (dims == null || dims.length < 2) {
        continue;
      }
      // values per channel: the batch (the one symbolic dim: first for [N, C, ...], last for the
      // [1, C, N] that BatchNorm1d trains a 2-d input as) times every other static dim but the channels
      long perItem = 1;
      int symbolic = 0;
      for (int i = 0; i < dims.length; i++) {
        if (i == 1) {
          continue;
        }
        if (dims[i] < 0) {
          symbolic++;
        } else {
          perItem *= dims[i];
        }
      }
      if (symbolic != 1) {
        continue;
      }
      if (perItem > 0) {
        // the layer's own input of a 2-d BatchNorm1d trained as [1, C, N] is [N, C]
        long[] shown = dims.length == 3 && dims[0] == 1 && dims[2] < 0 ? new long[] {-1, dims[1]} : dims.clone();
        sites.add(new Site(layerName(n), shown, perItem));
      }
    }
    Site smallest = null;
    for (Site s : sites) {
      if (smallest == null || s.perItem() < smallest.perItem()) {
        smallest = s;
      }
    }
    return new BatchNormBatchCheck(smallest);
  }

  /** The layer's scope, from its weight's name ({@code 0.4.bn.weight}), else the node's name. */
  private static String layerName(Node n) {
    String w = n.input(1);
    return w.endsWith(".weight") ? w.substring(0, w.length() - ".weight".length()) : n.name();
  }

  /**
   * Throws when a training batch of {@code batchSize} items gives a BatchNorm layer a single value
   * per channel, naming the layer and its input shape.
   */
  public void check(long batchSize) {
    if (smallest == null || batchSize * smallest.perItem() > 1) {
      return;
    }
    long[] dims = smallest.dims().clone();
    for (int i = 0; i < dims.length; i++) {
      dims[i] = dims[i] < 0 ? batchSize : dims[i];
    }
    throw new IllegalArgumentException("a training batch of " + batchSize + " item" + (batchSize == 1 ? "" : "s")
        + " gives BatchNorm layer '" + smallest.layer() + "' (input " + Arrays.toString(dims) + ") one value per channel,"
        + " so its variance and gradients would be NaN (PyTorch refuses it too: expected more than 1 value per channel"
        + " when training); train with batches of at least 2 items: a larger batch size, and drop the last partial"
        + " batch (fastai's drop_last, on by default for the training DataLoader)");
  }
}
