package dev.fastj.onnx.graph;

import java.util.Arrays;
import java.util.Map;

/**
 * Folds the small computations that exporters use to build shapes, pads and scales (Shape,
 * Gather, Unsqueeze, Concat, Cast, Slice, Transpose, ConstantOfShape, arithmetic on int64) so
 * that shape inference sees a Reshape's target, a Pad's pads or a Resize's scales as constants.
 * Only int64 results (and 1-D float concatenations) of at most {@value #MAX_ELEMENTS} elements
 * are folded; Constant nodes are recorded whatever their size. Shape vectors of partly symbolic
 * values are tracked as {@link SymVec}s.
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

  /**
   * Records the value of {@code n}'s first output in {@code constants} when it can be computed,
   * or its partly symbolic value in {@code symbolic}.
   */
  static void fold(Node n, ShapeRule.ShapeContext ctx, Map<String, Tensor> constants, Map<String, SymVec> symbolic) {
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
      return;
    }
    SymVec s = symbolic(n, ctx, constants, symbolic);
    if (s != null) {
      if (s.allKnown()) {
        constants.put(n.output(0), s.toTensor());
      } else {
        symbolic.put(n.output(0), s);
      }
    }
  }

  private static SymVec symOf(String value, Map<String, Tensor> constants, Map<String, SymVec> symbolic) {
    Tensor t = constants.get(value);
    if (t != null) {
      return t.type() == DataType.INT64 && t.rank() <= 1 && t.numel() <= MAX_ELEMENTS ? SymVec.of(t) : null;
    }
    return symbolic.get(value);
  }

  private static SymVec symbolic(Node n, ShapeRule.ShapeContext ctx, Map<String, Tensor> constants,
      Map<String, SymVec> symbolic) {
    switch (n.opType()) {
      case "Shape": {
        Shapes.Dims d = Shapes.dims(ctx, n.input(0));
        if (d == null) {
          return null;
        }
        int r = d.rank();
        long start = n.attrLong("start", 0);
        long end = n.attrLong("end", r);
        int s0 = (int) Math.max(0, Math.min(r, start < 0 ? start + r : start));
        int e0 = (int) Math.max(s0, Math.min(r, end < 0 ? end + r : end));
        boolean[] k = new boolean[e0 - s0];
        long[] v = new long[e0 - s0];
        String[] names = new String[e0 - s0];
        for (int i = s0; i < e0; i++) {
          k[i - s0] = d.d()[i] >= 0;
          v[i - s0] = d.d()[i];
          names[i - s0] = d.n()[i];
        }
        return new SymVec(k, v, names, false);
      }
      case "Identity", "Cast":
        return symbolic.get(n.input(0));
      case "Unsqueeze", "Squeeze", "Reshape", "Flatten": {
        SymVec x = symbolic.get(n.input(0));
        long[] out = ctx.shape(n.output(0));
        return x == null || out == null || out.length > 1 ? null : x.withScalar(out.length == 0);
      }
      case "Gather": {
        SymVec x = symbolic.get(n.input(0));
        Tensor idx = constants.get(n.input(1));
        return x == null || idx == null || idx.rank() > 1 ? null : x.pick(idx.toLongs(), idx.rank() == 0);
      }
      case "Concat": {
        SymVec[] parts = new SymVec[n.inputs().size()];
        boolean anySymbolic = false;
        for (int i = 0; i < parts.length; i++) {
          parts[i] = symOf(n.input(i), constants, symbolic);
          if (parts[i] == null) {
            return null;
          }
          anySymbolic |= !parts[i].allKnown();
        }
        return anySymbolic ? SymVec.concat(parts) : null;
      }
      case "Slice": {
        SymVec x = symbolic.get(n.input(0));
        SliceSpec s = x == null ? null : SliceSpec.of(n, ctx);
        if (s == null) {
          return null;
        }
        long[] idx = new long[(int) s.length(0)];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = s.starts()[0] + i * s.steps()[0];
        }
        return x.pick(idx, false);
      }
      case "Add", "Sub", "Mul", "Div": {
        SymVec a = symOf(n.input(0), constants, symbolic);
        SymVec b = symOf(n.input(1), constants, symbolic);
        if (a == null || b == null || (a.size() != b.size() && a.size() != 1 && b.size() != 1)) {
          return null;
        }
        int len = Math.max(a.size(), b.size());
        boolean[] k = new boolean[len];
        long[] v = new long[len];
        String[] names = new String[len];
        for (int i = 0; i < len; i++) {
          int ia = a.size() == 1 ? 0 : i;
          int ib = b.size() == 1 ? 0 : i;
          if (a.known()[ia] && b.known()[ib]) {
            k[i] = true;
            v[i] = arith(n.opType(), a.v()[ia], b.v()[ib]);
          } else if (!a.known()[ia] && b.known()[ib] && isIdentity(n.opType(), b.v()[ib])) {
            names[i] = a.sym()[ia];
            v[i] = -1;
          } else {
            v[i] = -1;
          }
        }
        return new SymVec(k, v, names, a.scalar() && b.scalar());
      }
      default:
        return null;
    }
  }

  private static boolean isIdentity(String op, long c) {
    return ((op.equals("Add") || op.equals("Sub")) && c == 0) || ((op.equals("Mul") || op.equals("Div")) && c == 1);
  }

  private static long arith(String op, long p, long q) {
    return switch (op) {
      case "Add" -> p + q;
      case "Sub" -> p - q;
      case "Mul" -> p * q;
      default -> p / q; // ONNX integer Div truncates like Java
    };
  }

  private static Tensor foldInts(Node n, ShapeRule.ShapeContext ctx, Map<String, Tensor> constants) {
    if (n.opType().equals("Size")) {
      long[] s = ctx.shape(n.input(0));
      return Shapes.isStatic(s) ? Tensor.scalar(DataType.INT64, Shapes.product(s)) : null;
    }
    long[] outShape = ctx.shape(n.output(0));
    if (!Shapes.isStatic(outShape) || Shapes.product(outShape) > MAX_ELEMENTS) {
      return null;
    }
    if (n.opType().equals("ConstantOfShape")) {
      Attribute a = n.attr("value");
      DataType t = a == null ? DataType.FLOAT : a.asTensor().type();
      double fill = a == null ? 0 : a.asTensor().toDoubles()[0];
      return t == DataType.INT64 || t == DataType.FLOAT || t == DataType.DOUBLE ? Tensor.full(t, fill, outShape) : null;
    }
    Tensor[] in = new Tensor[n.inputs().size()];
    for (int i = 0; i < in.length; i++) {
      String name = n.input(i);
      in[i] = name.isEmpty() ? null : constants.get(name);
      if (!name.isEmpty() && (in[i] == null || in[i].numel() > MAX_ELEMENTS)) {
        return null;
      }
    }
    if (in.length == 0 || in[0] == null) {
      return null;
    }
    Tensor x = in[0];
    if (n.opType().equals("Concat") && x.type() != DataType.INT64) {
      return concatFloating(in, outShape, n);
    }
    if (n.opType().equals("Cast")) {
      DataType to = DataType.fromCode((int) n.attrLong("to", 1));
      return to == DataType.INT64 || to == DataType.FLOAT || to == DataType.DOUBLE ? x.cast(to) : null;
    }
    if (x.type() != DataType.INT64) {
      return null;
    }
    long[] out = new long[(int) Shapes.product(outShape)];
    long[] xv = x.toLongs();
    long[] xd = x.dims();
    switch (n.opType()) {
      case "Unsqueeze", "Squeeze", "Reshape", "Flatten":
        return x.reshape(outShape);
      case "Neg":
        for (int i = 0; i < out.length; i++) {
          out[i] = -xv[i];
        }
        break;
      case "Transpose": {
        long[] perm = n.attrLongs("perm", null);
        int r = xd.length;
        for (int o = 0; o < out.length; o++) {
          long[] oi = unravel(o, outShape);
          long[] xi = new long[r];
          for (int k = 0; k < r; k++) {
            xi[perm == null ? r - 1 - k : (int) perm[k]] = oi[k];
          }
          out[o] = xv[(int) ravel(xi, xd)];
        }
        break;
      }
      case "Slice": {
        SliceSpec s = SliceSpec.of(n, ctx);
        for (int o = 0; o < out.length; o++) {
          long[] xi = unravel(o, outShape);
          for (int k = 0; k < s.axes().length; k++) {
            int a = s.axes()[k];
            xi[a] = s.starts()[k] + xi[a] * s.steps()[k];
          }
          out[o] = xv[(int) ravel(xi, xd)];
        }
        break;
      }
      case "Concat": {
        int axis = Shapes.axis(n.attrLong("axis", 0), outShape.length);
        for (int o = 0; o < out.length; o++) {
          long[] oi = unravel(o, outShape);
          long pos = oi[axis];
          for (Tensor t : in) {
            long len = t.dims()[axis];
            if (pos < len) {
              oi[axis] = pos;
              out[o] = t.toLongs()[(int) ravel(oi, t.dims())];
              break;
            }
            pos -= len;
          }
        }
        break;
      }
      case "Gather": {
        int axis = Shapes.axis(n.attrLong("axis", 0), xd.length);
        long[] idx = in[1].toLongs();
        int q = in[1].rank();
        for (int o = 0; o < out.length; o++) {
          long[] oi = unravel(o, outShape);
          long[] ii = Arrays.copyOfRange(oi, axis, axis + q);
          long j = idx[(int) ravel(ii, in[1].dims())];
          long[] xi = new long[xd.length];
          for (int k = 0; k < axis; k++) {
            xi[k] = oi[k];
          }
          xi[axis] = j < 0 ? j + xd[axis] : j;
          for (int k = axis + 1; k < xd.length; k++) {
            xi[k] = oi[k - 1 + q];
          }
          out[o] = xv[(int) ravel(xi, xd)];
        }
        break;
      }
      case "Add", "Sub", "Mul", "Div": {
        if (in[1].type() != DataType.INT64) {
          return null;
        }
        long[] yv = in[1].toLongs();
        for (int o = 0; o < out.length; o++) {
          long[] oi = unravel(o, outShape);
          out[o] = arith(n.opType(), xv[(int) broadcastIndex(oi, xd)], yv[(int) broadcastIndex(oi, in[1].dims())]);
        }
        break;
      }
      case "Range": {
        long start = xv[0];
        long delta = in[2].toLongs()[0];
        for (int i = 0; i < out.length; i++) {
          out[i] = start + i * delta;
        }
        break;
      }
      default:
        return null;
    }
    return Tensor.ofLongs(out, outShape);
  }

  /** Concat of float or double constants (Resize scales are built that way). */
  private static Tensor concatFloating(Tensor[] in, long[] outShape, Node n) {
    DataType t = in[0].type();
    if ((t != DataType.FLOAT && t != DataType.DOUBLE) || outShape.length != 1) {
      return null;
    }
    double[] all = new double[(int) outShape[0]];
    int k = 0;
    for (Tensor p : in) {
      if (p.type() != t) {
        return null;
      }
      for (double d : p.toDoubles()) {
        all[k++] = d;
      }
    }
    return t == DataType.FLOAT ? Tensor.ofDoubles(all, outShape).cast(DataType.FLOAT) : Tensor.ofDoubles(all, outShape);
  }

  private static long[] unravel(long flat, long[] dims) {
    long[] idx = new long[dims.length];
    for (int k = dims.length - 1; k >= 0; k--) {
      idx[k] = flat % dims[k];
      flat /= dims[k];
    }
    return idx;
  }

  private static long ravel(long[] idx, long[] dims) {
    long flat = 0;
    for (int k = 0; k < dims.length; k++) {
      flat = flat * dims[k] + idx[k];
    }
    return flat;
  }

  /** The flat index in a tensor of {@code dims} that numpy broadcasting reads for output index {@code oi}. */
  private static long broadcastIndex(long[] oi, long[] dims) {
    int off = oi.length - dims.length;
    long flat = 0;
    for (int k = 0; k < dims.length; k++) {
      flat = flat * dims[k] + (dims[k] == 1 ? 0 : oi[off + k]);
    }
    return flat;
  }
}
