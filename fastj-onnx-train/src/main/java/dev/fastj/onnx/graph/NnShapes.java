package dev.fastj.onnx.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape rules for the neural-network operators: Conv, ConvTranspose, MaxPool, AveragePool,
 * the global poolings, BatchNormalization, LayerNormalization, Dropout, Softmax, LogSoftmax,
 * Resize, DepthToSpace and SpaceToDepth and the class-index losses. A rule returns one entry
 * per node output (omitted outputs keep their empty name), with -1 for a dim it cannot tell.
 */
final class NnShapes {

  private NnShapes() {}

  static void register(ShapeRules r) {
    r.register("Conv", NnShapes::conv);
    r.register("ConvTranspose", NnShapes::convTranspose);
    r.register("MaxPool", NnShapes::pool);
    r.register("AveragePool", NnShapes::pool);
    r.register("GlobalAveragePool", NnShapes::globalPool);
    r.register("GlobalMaxPool", NnShapes::globalPool);
    r.register("BatchNormalization", NnShapes::batchNorm);
    r.register("LayerNormalization", NnShapes::layerNorm);
    r.register("Dropout", NnShapes::dropout);
    r.register("DepthToSpace", (n, ctx) -> blocks(n, ctx, true));
    r.register("SpaceToDepth", (n, ctx) -> blocks(n, ctx, false));
    r.register("Softmax", NnShapes::sameAsInput);
    r.register("LogSoftmax", NnShapes::sameAsInput);
    r.register("Resize", NnShapes::resize);
    r.register("SoftmaxCrossEntropyLoss", NnShapes::loss);
    r.register("NegativeLogLikelihoodLoss", NnShapes::loss);
    r.register("LSTM", NnShapes::lstm);
  }

  /**
   * ONNX's LSTM with the default layout (sequence first): X [T, N, C] gives Y [T, D, N, H] and
   * Y_h, Y_c [D, N, H], D the number of directions; the batch keeps its symbolic name.
   */
  private static List<ValueInfo> lstm(Node node, ShapeRule.ShapeContext ctx) {
    long[] x = ctx.shape(node.input(0));
    DataType t = ctx.type(node.input(0));
    String[] names = ctx.dimNames(node.input(0));
    long h = node.attrLong("hidden_size", -1);
    long d = "bidirectional".equals(node.attrString("direction", "forward")) ? 2 : 1;
    List<ValueInfo> out = new ArrayList<>();
    for (int i = 0; i < node.outputs().size(); i++) {
      if (node.output(i).isEmpty()) {
        continue;
      }
      if (x == null || x.length != 3 || h <= 0) {
        out.add(value(node, i, t, null));
        continue;
      }
      String batch = names == null ? null : names[1];
      out.add(i == 0
          ? new ValueInfo(node.output(i), t, new long[] {x[0], d, x[1], h}, new String[] {null, null, batch, null})
          : new ValueInfo(node.output(i), t, new long[] {d, x[1], h}, new String[] {null, batch, null}));
    }
    return out;
  }

  private static ValueInfo value(Node node, int output, DataType type, long[] dims) {
    return ValueInfo.of(node.output(output), type, dims);
  }

  private static List<ValueInfo> conv(Node node, ShapeRule.ShapeContext ctx) {
    long[] x = ctx.shape(node.input(0));
    long[] w = ctx.shape(node.input(1));
    DataType t = ctx.type(node.input(0));
    if (x == null) {
      return List.of(value(node, 0, t, null));
    }
    ConvGeometry g = ConvGeometry.conv(node, x, w);
    long[] y = new long[x.length];
    y[0] = x[0];
    y[1] = w == null ? -1 : w[0];
    System.arraycopy(g.out(), 0, y, 2, g.rank());
    return List.of(value(node, 0, t, y));
  }

  private static List<ValueInfo> convTranspose(Node node, ShapeRule.ShapeContext ctx) {
    long[] x = ctx.shape(node.input(0));
    long[] w = ctx.shape(node.input(1));
    DataType t = ctx.type(node.input(0));
    if (x == null) {
      return List.of(value(node, 0, t, null));
    }
    ConvGeometry g = ConvGeometry.convTranspose(node, x, w);
    long[] y = new long[x.length];
    y[0] = x[0];
    y[1] = w == null || w[1] < 0 ? -1 : w[1] * node.attrLong("group", 1);
    System.arraycopy(g.out(), 0, y, 2, g.rank());
    return List.of(value(node, 0, t, y));
  }

  private static List<ValueInfo> pool(Node node, ShapeRule.ShapeContext ctx) {
    long[] x = ctx.shape(node.input(0));
    DataType t = ctx.type(node.input(0));
    long[] y = null;
    if (x != null) {
      ConvGeometry g = ConvGeometry.pool(node, x);
      y = new long[x.length];
      y[0] = x[0];
      y[1] = x[1];
      System.arraycopy(g.out(), 0, y, 2, g.rank());
    }
    List<ValueInfo> out = new ArrayList<>();
    out.add(value(node, 0, t, y));
    if (node.outputs().size() > 1) {
      out.add(value(node, 1, DataType.INT64, y));
    }
    return out;
  }

  private static List<ValueInfo> globalPool(Node node, ShapeRule.ShapeContext ctx) {
    long[] x = ctx.shape(node.input(0));
    long[] y = null;
    if (x != null) {
      y = x.clone();
      for (int i = 2; i < y.length; i++) {
        y[i] = 1;
      }
    }
    return List.of(value(node, 0, ctx.type(node.input(0)), y));
  }

  private static List<ValueInfo> batchNorm(Node node, ShapeRule.ShapeContext ctx) {
    long[] x = ctx.shape(node.input(0));
    DataType t = ctx.type(node.input(0));
    List<ValueInfo> out = new ArrayList<>();
    out.add(value(node, 0, t, x));
    long[] c = x == null ? ctx.shape(node.input(1)) : new long[] {x.length > 1 ? x[1] : -1};
    for (int i = 1; i < node.outputs().size(); i++) {
      out.add(value(node, i, ctx.type(node.input(Math.min(i + 2, 4))), c));
    }
    return out;
  }

  private static List<ValueInfo> layerNorm(Node node, ShapeRule.ShapeContext ctx) {
    long[] x = ctx.shape(node.input(0));
    DataType t = ctx.type(node.input(0));
    List<ValueInfo> out = new ArrayList<>();
    out.add(value(node, 0, t, x));
    long[] stats = null;
    if (x != null) {
      long axis = node.attrLong("axis", -1);
      if (axis < 0) {
        axis += x.length;
      }
      stats = x.clone();
      for (int i = (int) axis; i < stats.length; i++) {
        stats[i] = 1;
      }
    }
    // Mean and InvStdDev are in stash_type, float32 unless it says otherwise
    DataType stash = DataType.fromCode((int) node.attrLong("stash_type", 1));
    for (int i = 1; i < node.outputs().size(); i++) {
      out.add(value(node, i, stash, stats));
    }
    return out;
  }

  private static List<ValueInfo> dropout(Node node, ShapeRule.ShapeContext ctx) {
    long[] x = ctx.shape(node.input(0));
    List<ValueInfo> out = new ArrayList<>();
    out.add(value(node, 0, ctx.type(node.input(0)), x));
    if (node.outputs().size() > 1) {
      out.add(value(node, 1, DataType.BOOL, x));
    }
    return out;
  }

  /** DepthToSpace ({@code toSpace}): C / b^2 channels, b times the height and width; SpaceToDepth the inverse. */
  private static List<ValueInfo> blocks(Node node, ShapeRule.ShapeContext ctx, boolean toSpace) {
    long[] x = ctx.shape(node.input(0));
    long b = node.attrLong("blocksize", 0);
    long[] y = null;
    if (x != null && x.length == 4 && b > 0) {
      y = x.clone();
      long area = b * b;
      y[1] = x[1] < 0 ? -1 : toSpace ? x[1] / area : x[1] * area;
      for (int i = 2; i < 4; i++) {
        y[i] = x[i] < 0 ? -1 : toSpace ? x[i] * b : x[i] / b;
      }
    }
    String[] names = ctx.dimNames(node.input(0));
    String[] kept = null;
    if (y != null && names != null && names.length == 4) {
      // the batch keeps its symbol; the other dims change size
      kept = new String[] {names[0], null, null, null};
    }
    return List.of(new ValueInfo(node.output(0), ctx.type(node.input(0)), y, kept));
  }

  private static List<ValueInfo> sameAsInput(Node node, ShapeRule.ShapeContext ctx) {
    return List.of(value(node, 0, ctx.type(node.input(0)), ctx.shape(node.input(0))));
  }

  private static List<ValueInfo> resize(Node node, ShapeRule.ShapeContext ctx) {
    long[] x = ctx.shape(node.input(0));
    DataType t = ctx.type(node.input(0));
    if (x == null) {
      return List.of(value(node, 0, t, null));
    }
    Tensor scales = node.hasInput(2) ? ctx.constantValue(node.input(2)) : null;
    Tensor sizes = node.hasInput(3) ? ctx.constantValue(node.input(3)) : null;
    long[] axes = node.attrLongs("axes", null);
    long[] y = x.clone();
    if (axes == null) {
      axes = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        axes[i] = i;
      }
    }
    if (scales != null && scales.numel() > 0) {
      float[] s = scales.toFloats();
      for (int j = 0; j < axes.length; j++) {
        int a = (int) (axes[j] < 0 ? axes[j] + x.length : axes[j]);
        y[a] = x[a] < 0 ? -1 : (long) (x[a] * s[j]);
      }
    } else if (sizes != null && sizes.numel() > 0) {
      long[] s = sizes.toLongs();
      for (int j = 0; j < axes.length; j++) {
        y[(int) (axes[j] < 0 ? axes[j] + x.length : axes[j])] = s[j];
      }
    } else {
      Arrays.fill(y, -1);
    }
    return List.of(value(node, 0, t, y));
  }

  private static List<ValueInfo> loss(Node node, ShapeRule.ShapeContext ctx) {
    long[] scores = ctx.shape(node.input(0));
    DataType t = ctx.type(node.input(0));
    String reduction = node.attrString("reduction", "mean");
    long[] y;
    if (!reduction.equals("none")) {
      y = new long[0];
    } else if (scores == null) {
      y = ctx.shape(node.input(1));
    } else {
      y = new long[scores.length - 1];
      y[0] = scores[0];
      System.arraycopy(scores, 2, y, 1, scores.length - 2);
    }
    List<ValueInfo> out = new ArrayList<>();
    out.add(value(node, 0, t, y));
    if (node.outputs().size() > 1) {
      out.add(value(node, 1, t, scores));
    }
    return out;
  }
}
