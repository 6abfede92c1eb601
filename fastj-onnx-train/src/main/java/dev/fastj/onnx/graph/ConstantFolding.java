package dev.fastj.onnx.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Folds the small integer computations that exporters use to build shapes (Shape, Gather,
 * Unsqueeze, Concat, Cast, Slice, arithmetic on int64) when their inputs are known, so that
 * shape inference sees a Reshape's target as a constant. Only int64 results of at most
 * {@value #MAX_ELEMENTS} elements are folded; Constant nodes are recorded whatever their size.
 */
final class ConstantFolding {

  static final int MAX_ELEMENTS = 64;

  private ConstantFolding() {}

  /** The value of a Constant node from whichever of its value attributes is set, or null. */
  static Tensor constantNodeValue(Node n) {
    Attribute a;
    if ((a = n.attr("value")) != null) {
      return a.asTensor();
    }
    if ((a = n.attr("value_float")) != null) {
      return Tensor.scalar(DataType.FLOAT, a.asFloat());
    }
    if ((a = n.attr("value_int")) != null) {
      return Tensor.scalar(DataType.INT64, a.asLong());
    }
    if ((a = n.attr("value_ints")) != null) {
      long[] v = a.asLongs();
      return Tensor.ofLongs(v, v.length);
    }
    if ((a = n.attr("value_floats")) != null) {
      float[] v = a.asFloats();
      return Tensor.ofFloats(v, v.length);
    }
    return null;
  }

  /** Records the value of {@code n}'s first output in {@code constants} when it can be computed. */
  static void fold(Node n, ShapeRule.ShapeContext ctx, Map<String, Tensor> constants) {
    if (n.outputs().isEmpty() || n.output(0).isEmpty()) {
      return;
    }
    Tensor v = switch (n.opType()) {
      case "Constant" -> constantNodeValue(n);
      case "Identity" -> constants.get(n.input(0));
      default -> foldInts(n, ctx, constants);
    };
    if (v != null) {
      constants.put(n.output(0), v);
    }
  }

  private static Tensor foldInts(Node n, ShapeRule.ShapeContext ctx, Map<String, Tensor> constants) {
    if (n.opType().equals("Shape")) {
      long[] s = ctx.shape(n.input(0));
      if (s == null) {
        return null;
      }
      for (long d : s) {
        if (d < 0) {
          return null;
        }
      }
      long[] outShape = ctx.shape(n.output(0));
      int r = s.length;
      long start = n.attrLong("start", 0);
      start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
      long[] v = java.util.Arrays.copyOfRange(s, (int) start, (int) start + (int) outShape[0]);
      return Tensor.ofLongs(v, v.length);
    }
    if (n.opType().equals("Size")) {
      long[] s = ctx.shape(n.input(0));
      if (s == null) {
        return null;
      }
      for (long d : s) {
        if (d < 0) {
          return null;
        }
      }
      return Tensor.scalar(DataType.INT64, Shapes.product(s));
    }
    List<Tensor> in = new ArrayList<>();
    for (String i : n.inputs()) {
      Tensor t = i.isEmpty() ? null : constants.get(i);
      if (!i.isEmpty() && (t == null || t.numel() > MAX_ELEMENTS)) {
        return null;
      }
      in.add(t);
    }
    if (in.isEmpty() || in.get(0) == null) {
      return null;
    }
    long[] outShape = ctx.shape(n.output(0));
    if (outShape == null || Shapes.product(outShape) > MAX_ELEMENTS) {
      return null;
    }
    for (long d : outShape) {
      if (d < 0) {
        return null;
      }
    }
    Tensor x = in.get(0);
    return switch (n.opType()) {
      case "Cast" -> {
        DataType to = DataType.fromCode((int) n.attrLong("to", 1));
        yield to == DataType.INT64 || to == DataType.FLOAT || to == DataType.DOUBLE ? x.cast(to) : null;
      }
      case "Unsqueeze", "Squeeze", "Reshape", "Flatten" -> x.reshape(outShape);
      case "Concat" -> {
        if (x.type() != DataType.INT64 || outShape.length != 1) {
          yield null;
        }
        long[] all = new long[(int) outShape[0]];
        int k = 0;
        for (Tensor t : in) {
          for (long l : t.toLongs()) {
            all[k++] = l;
          }
        }
        yield Tensor.ofLongs(all, outShape);
      }
      case "Gather" -> {
        if (x.type() != DataType.INT64 || x.rank() != 1) {
          yield null;
        }
        long[] data = x.toLongs();
        long[] idx = in.get(1).toLongs();
        long[] out = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
          out[i] = data[(int) (idx[i] < 0 ? idx[i] + data.length : idx[i])];
        }
        yield Tensor.ofLongs(out, outShape);
      }
      case "Slice" -> {
        if (x.type() != DataType.INT64 || x.rank() != 1) {
          yield null;
        }
        SliceSpec s = SliceSpec.of(n, ctx);
        long[] data = x.toLongs();
        long[] out = new long[(int) s.length(0)];
        for (int i = 0; i < out.length; i++) {
          out[i] = data[(int) (s.starts()[0] + i * s.steps()[0])];
        }
        yield Tensor.ofLongs(out, outShape);
      }
      case "Add", "Sub", "Mul", "Div" -> arithmetic(n.opType(), x, in.get(1), outShape);
      default -> null;
    };
  }

  private static Tensor arithmetic(String op, Tensor a, Tensor b, long[] outShape) {
    if (a.type() != DataType.INT64 || b.type() != DataType.INT64) {
      return null;
    }
    long[] x = a.toLongs();
    long[] y = b.toLongs();
    int n = (int) Shapes.product(outShape);
    // folded shape arithmetic is on vectors and scalars: a size-1 operand broadcasts
    if ((x.length != n && x.length != 1) || (y.length != n && y.length != 1)) {
      return null;
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long p = x[x.length == 1 ? 0 : i];
      long q = y[y.length == 1 ? 0 : i];
      out[i] = switch (op) {
        case "Add" -> p + q;
        case "Sub" -> p - q;
        case "Mul" -> p * q;
        default -> p / q; // ONNX integer Div truncates like Java
      };
    }
    return Tensor.ofLongs(out, outShape);
  }
}
