package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Small emitters shared by the neural-network gradient rules. */
final class NnOps {

  private NnOps() {}

  /** Static dims of {@code value}, failing with the node's description when the rank is unknown. */
  static long[] shapeOf(GradContext ctx, Node node, String value) {
    long[] s = ctx.shape(value);
    if (s == null) {
      throw new IllegalArgumentException("the backward of " + node.describe()
          + " needs the rank of " + value + ", which shape inference could not tell");
    }
    return s;
  }

  /** Axes 0 and 2..rank-1: every axis but the channel. */
  static long[] allButChannel(int rank) {
    long[] a = new long[rank - 1];
    a[0] = 0;
    for (int i = 2; i < rank; i++) {
      a[i - 1] = i;
    }
    return a;
  }

  /** A per-channel vector [C] viewed as [1, C, 1, ...] to broadcast against a rank-{@code rank} tensor. */
  static String channelView(GraphBuilder b, String v, int rank) {
    long[] dims = new long[rank];
    Arrays.fill(dims, 1);
    dims[1] = -1;
    return b.reshape(v, dims);
  }

  /** A Reshape target for {@code dims}: static dims as they are, the one unknown dim as -1. */
  static long[] reshapeTarget(Node node, long[] dims) {
    long[] t = dims.clone();
    int unknown = 0;
    for (int i = 0; i < t.length; i++) {
      if (t[i] < 0) {
        t[i] = -1;
        unknown++;
      }
    }
    if (unknown > 1) {
      throw new IllegalArgumentException("the backward of " + node.describe()
          + " needs all dims but one static, got " + Arrays.toString(dims));
    }
    return t;
  }

  /** Permutation swapping axes 0 and 1 of a rank-{@code rank} tensor. */
  static long[] swap01(int rank) {
    long[] p = new long[rank];
    for (int i = 0; i < rank; i++) {
      p[i] = i;
    }
    p[0] = 1;
    p[1] = 0;
    return p;
  }

  /** Slice with constant starts, ends, axes and steps. */
  static String slice(GraphBuilder b, String x, long[] starts, long[] ends, long[] axes, long[] steps) {
    return b.op("Slice", List.of(x, b.longs(starts), b.longs(ends), b.longs(axes), b.longs(steps)), Map.of());
  }

  /** Constant-mode Pad with constant pads in ONNX order (all begins, then all ends). */
  static String pad(GraphBuilder b, String x, long[] pads) {
    return b.op("Pad", List.of(x, b.longs(pads)), Map.of("mode", "constant"));
  }

  /** Zeros of {@code x}'s shape and type, built from its runtime shape so the batch may be symbolic. */
  static String zerosLike(GraphBuilder b, String x, DataType type) {
    String shape = b.op("Shape", x);
    return b.op("ConstantOfShape", List.of(shape), Map.of("value", Tensor.full(type, 0, 1)));
  }

  /** Unsqueeze with constant axes. */
  static String unsqueeze(GraphBuilder b, String x, long... axes) {
    return b.op("Unsqueeze", x, b.longs(axes));
  }

  /** Fails naming the node when a gradient flows into an output the rule treats as state. */
  static void rejectGrad(GradContext ctx, Node node, int output, String what) {
    if (ctx.gradOutput(output) != null) {
      throw new IllegalArgumentException("a gradient flows into " + what + " (output " + output
          + ") of " + node.describe() + ", which has no gradient rule; only the main output is differentiable");
    }
  }

  /**
   * The constant value of a small 1-D value such as Resize's scales: what shape inference
   * folded, else folded here through Constant, Identity, Cast and axis-0 Concat, the way
   * PyTorch's exporter builds float scales (shape inference folds int64 values only). Null
   * when not constant.
   */
  static Tensor smallConstant(GradContext ctx, String value) {
    return smallConstant(ctx, value, null, 0);
  }

  private static Tensor smallConstant(GradContext ctx, String value, List<Node> nodes, int depth) {
    Tensor t = ctx.constantValue(value);
    if (t != null || depth > 8) {
      return t;
    }
    List<Node> all = nodes != null ? nodes : ctx.builder().nodes();
    Node producer = null;
    for (Node n : all) {
      if (n.outputs().contains(value)) {
        producer = n;
        break;
      }
    }
    if (producer == null) {
      return null;
    }
    switch (producer.opType()) {
      case "Constant" -> {
        Attribute a = producer.attr("value");
        return a == null ? null : a.asTensor();
      }
      case "Identity" -> {
        return smallConstant(ctx, producer.input(0), all, depth + 1);
      }
      case "Cast" -> {
        Tensor in = smallConstant(ctx, producer.input(0), all, depth + 1);
        DataType to = DataType.fromCode((int) producer.attrLong("to", 1));
        boolean numeric = to == DataType.FLOAT || to == DataType.DOUBLE || to == DataType.INT64;
        return in == null || !numeric ? null : in.cast(to);
      }
      case "Concat" -> {
        if (producer.attrLong("axis", 0) != 0) {
          return null;
        }
        List<double[]> parts = new ArrayList<>();
        DataType type = null;
        int total = 0;
        for (String in : producer.inputs()) {
          Tensor part = smallConstant(ctx, in, all, depth + 1);
          if (part == null || part.rank() != 1) {
            return null;
          }
          type = type == null ? part.type() : type;
          parts.add(part.toDoubles());
          total += parts.get(parts.size() - 1).length;
        }
        double[] v = new double[total];
        int at = 0;
        for (double[] part : parts) {
          System.arraycopy(part, 0, v, at, part.length);
          at += part.length;
        }
        return type == null ? null : Tensor.ofDoubles(v, total).cast(type);
      }
      default -> {
        return null;
      }
    }
  }
}
