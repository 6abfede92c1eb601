package dev.fastj.onnx.graph;

import java.util.Arrays;
import java.util.List;

/**
 * Helpers shared by the built-in shape rules: dims with their symbolic names, numpy
 * broadcasting, reading constant int64 inputs and normalising axes.
 */
final class Shapes {

  private Shapes() {}

  /** Static dims (-1 symbolic) with the names of the symbolic ones. */
  record Dims(long[] d, String[] n) {
    Dims {
      if (n == null) {
        n = new String[d.length];
      }
    }

    int rank() {
      return d.length;
    }

    ValueInfo as(String name, DataType type) {
      return new ValueInfo(name, type, d, n);
    }

    boolean isStatic() {
      for (long x : d) {
        if (x < 0) {
          return false;
        }
      }
      return true;
    }
  }

  /** What is known of {@code value}'s dims, or null when its rank is unknown. */
  static Dims dims(ShapeRule.ShapeContext ctx, String value) {
    long[] s = ctx.shape(value);
    if (s == null) {
      return null;
    }
    String[] names = ctx.dimNames(value);
    if (names == null || names.length != s.length) {
      names = new String[s.length];
    }
    for (int i = 0; i < s.length; i++) {
      if (s[i] >= 0) {
        names[i] = null;
      }
    }
    return new Dims(s, names);
  }

  /** A one-output result. */
  static List<ValueInfo> one(Node n, DataType type, Dims d) {
    return List.of(d == null ? new ValueInfo(n.output(0), type, null, null) : d.as(n.output(0), type));
  }

  /** True when two symbolic dims are known to be the same size (same non-null name). */
  static boolean sameSymbol(long a, String an, long b, String bn) {
    return a < 0 && b < 0 && an != null && an.equals(bn);
  }

  /** Numpy broadcasting of the dims of {@code values}, or null when a rank is unknown. */
  static Dims broadcast(ShapeRule.ShapeContext ctx, List<String> values) {
    Dims acc = null;
    for (String v : values) {
      if (v.isEmpty()) {
        continue;
      }
      Dims d = dims(ctx, v);
      if (d == null) {
        return null;
      }
      acc = acc == null ? d : broadcast(acc, d);
    }
    return acc;
  }

  static Dims broadcast(Dims a, Dims b) {
    int r = Math.max(a.rank(), b.rank());
    long[] d = new long[r];
    String[] n = new String[r];
    for (int i = 0; i < r; i++) {
      int ia = i - (r - a.rank());
      int ib = i - (r - b.rank());
      long x = ia >= 0 ? a.d()[ia] : 1;
      long y = ib >= 0 ? b.d()[ib] : 1;
      String xn = ia >= 0 ? a.n()[ia] : null;
      String yn = ib >= 0 ? b.n()[ib] : null;
      if (x == 1) {
        d[i] = y;
        n[i] = yn;
      } else if (y == 1) {
        d[i] = x;
        n[i] = xn;
      } else if (x >= 0) {
        // a static size other than 1 wins: a valid graph's symbolic partner must equal it or be 1
        d[i] = x;
      } else if (y >= 0) {
        d[i] = y;
      } else {
        d[i] = -1;
        n[i] = sameSymbol(x, xn, y, yn) ? xn : null;
      }
    }
    return new Dims(d, n);
  }

  /** The constant int64 values of {@code value}, or null when it is not a known constant. */
  static long[] constLongs(ShapeRule.ShapeContext ctx, String value) {
    if (value.isEmpty()) {
      return null;
    }
    Tensor t = ctx.constantValue(value);
    return t == null ? null : t.toLongs();
  }

  /** {@code axis} in [0, rank), counting negative axes from the end. */
  static int axis(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException("axis " + axis + " out of range for rank " + rank);
    }
    return (int) a;
  }

  /** The axes of a reduction or squeeze: the input at {@code inputIndex}, else the attribute. */
  static long[] axesInputOrAttr(Node n, ShapeRule.ShapeContext ctx, int inputIndex) {
    if (n.hasInput(inputIndex)) {
      long[] a = constLongs(ctx, n.input(inputIndex));
      if (a == null) {
        throw new IllegalArgumentException("axes not constant");
      }
      return a;
    }
    return n.attrLongs("axes", null);
  }

  /** True when every dim is known and static. */
  static boolean isStatic(long[] s) {
    if (s == null) {
      return false;
    }
    for (long d : s) {
      if (d < 0) {
        return false;
      }
    }
    return true;
  }

  /** The value of a small int64 vector, with symbolic elements, or null when not tracked. */
  static SymVec symVec(ShapeRule.ShapeContext ctx, String value) {
    if (value.isEmpty()) {
      return null;
    }
    if (ctx instanceof ShapeInference si) {
      SymVec s = si.symVec(value);
      if (s != null) {
        return s;
      }
    }
    Tensor t = ctx.constantValue(value);
    return t == null || t.type() != DataType.INT64 || t.rank() > 1 ? null : SymVec.of(t);
  }

  /** A shape vector as dims: unknown elements become symbolic dims (named when the element is). */
  static Dims dimsOf(SymVec s) {
    long[] d = new long[s.size()];
    String[] names = new String[s.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = s.known()[i] ? s.v()[i] : -1;
      names[i] = s.known()[i] ? null : s.sym()[i];
    }
    return new Dims(d, names);
  }

  static long product(long[] d) {
    long p = 1;
    for (long x : d) {
      p *= x;
    }
    return p;
  }

  static String str(long[] d) {
    return Arrays.toString(d);
  }
}
