package dev.fastj.onnx.graph;

import java.util.List;

/**
 * A Slice node's constant starts, ends, axes and steps, normalised against static dims the way
 * ONNX does (negative indices count from the end, then clamped), for shape inference and for
 * the Slice gradient.
 *
 * @param axes the sliced axes, each in [0, rank)
 * @param starts the first index taken on each sliced axis (after normalisation when the dim is static)
 * @param ends the exclusive end on each sliced axis (after normalisation when the dim is static)
 * @param steps the step on each sliced axis (never 0)
 */
public record SliceSpec(int[] axes, long[] starts, long[] ends, long[] steps) {

  /**
   * The slice of node {@code n} (opset 10+ inputs data, starts, ends, axes, steps), or null when
   * starts, ends, axes or steps are not constants or the data's rank is unknown. Indices are
   * normalised on every axis whose dim is static.
   */
  public static SliceSpec of(Node n, ShapeRule.ShapeContext ctx) {
    long[] dims = ctx.shape(n.input(0));
    long[] starts = Shapes.constLongs(ctx, n.input(1));
    long[] ends = Shapes.constLongs(ctx, n.input(2));
    if (dims == null || starts == null || ends == null || starts.length != ends.length) {
      return null;
    }
    long[] axesIn = n.hasInput(3) ? Shapes.constLongs(ctx, n.input(3)) : null;
    long[] steps = n.hasInput(4) ? Shapes.constLongs(ctx, n.input(4)) : null;
    if ((n.hasInput(3) && axesIn == null) || (n.hasInput(4) && steps == null)) {
      return null;
    }
    int k = starts.length;
    int[] axes = new int[k];
    long[] st = new long[k];
    long[] en = new long[k];
    long[] sp = new long[k];
    for (int i = 0; i < k; i++) {
      axes[i] = Shapes.axis(axesIn == null ? i : axesIn[i], dims.length);
      sp[i] = steps == null ? 1 : steps[i];
      if (sp[i] == 0) {
        throw new IllegalArgumentException("Slice '" + n.name() + "' has a step of 0");
      }
      long d = dims[axes[i]];
      st[i] = starts[i];
      en[i] = ends[i];
      if (d >= 0) {
        st[i] = clampIndex(starts[i], d, 0, sp[i] > 0 ? d : d - 1);
        en[i] = clampIndex(ends[i], d, sp[i] > 0 ? 0 : -1, sp[i] > 0 ? d : d - 1);
      }
    }
    return new SliceSpec(axes, st, en, sp);
  }

  private static long clampIndex(long i, long dim, long lo, long hi) {
    long v = i < 0 ? i + dim : i;
    return Math.max(lo, Math.min(hi, v));
  }

  /** Number of elements taken on sliced axis {@code k}, once normalised on a static dim. */
  public long length(int k) {
    long n = steps[k] > 0 ? ceilDiv(ends[k] - starts[k], steps[k]) : ceilDiv(starts[k] - ends[k], -steps[k]);
    return Math.max(0, n);
  }

  private static long ceilDiv(long a, long b) {
    return a <= 0 ? 0 : (a + b - 1) / b;
  }

  /** True when every step is 1. */
  public boolean unitSteps() {
    for (long s : steps) {
      if (s != 1) {
        return false;
      }
    }
    return true;
  }

  /** Shape rule of Slice. */
  static List<ValueInfo> infer(Node n, ShapeRule.ShapeContext ctx) {
    DataType t = ctx.type(n.input(0));
    Shapes.Dims x = Shapes.dims(ctx, n.input(0));
    if (x == null) {
      return Shapes.one(n, t, null);
    }
    SliceSpec s = of(n, ctx);
    long[] d = x.d().clone();
    String[] names = x.n().clone();
    if (s == null) {
      // non-constant slice bounds: the rank stays, the sliced sizes are unknown
      return Shapes.one(n, t, new Shapes.Dims(ShapeOpShapes.minusOnes(d.length), null));
    }
    for (int k = 0; k < s.axes.length; k++) {
      int a = s.axes[k];
      if (d[a] >= 0) {
        d[a] = s.length(k);
      } else if (!(s.steps[k] == 1 && s.starts[k] == 0 && s.ends[k] >= Integer.MAX_VALUE)) {
        d[a] = -1;
        names[a] = null;
      }
    }
    return Shapes.one(n, t, new Shapes.Dims(d, names));
  }
}
