package dev.fastj.onnx.graph;

import static dev.fastj.onnx.graph.Shapes.dims;
import static dev.fastj.onnx.graph.Shapes.one;

import dev.fastj.onnx.graph.Shapes.Dims;
import java.util.Arrays;
import java.util.List;

/** Shape rules of MatMul, Gemm, the reductions and ArgMax/ArgMin. */
final class LinalgShapes {

  private LinalgShapes() {}

  private static final List<String> REDUCE = List.of("ReduceSum", "ReduceMean", "ReduceMax",
      "ReduceMin", "ReduceProd", "ReduceSumSquare", "ReduceL1", "ReduceL2", "ReduceLogSum",
      "ReduceLogSumExp");

  static void register(ShapeRules r) {
    r.register("MatMul", LinalgShapes::matMul);
    r.register("Gemm", LinalgShapes::gemm);
    for (String op : REDUCE) {
      r.register(op, LinalgShapes::reduce);
    }
    r.register("ArgMax", LinalgShapes::argReduce);
    r.register("ArgMin", LinalgShapes::argReduce);
  }

  private static List<ValueInfo> matMul(Node n, ShapeRule.ShapeContext ctx) {
    Dims a = dims(ctx, n.input(0));
    Dims b = dims(ctx, n.input(1));
    DataType t = ctx.type(n.input(0));
    if (a == null || b == null || a.rank() == 0 || b.rank() == 0) {
      return one(n, t, null);
    }
    boolean aVec = a.rank() == 1;
    boolean bVec = b.rank() == 1;
    Dims a2 = aVec ? new Dims(new long[] {1, a.d()[0]}, new String[] {null, a.n()[0]}) : a;
    Dims b2 = bVec ? new Dims(new long[] {b.d()[0], 1}, new String[] {b.n()[0], null}) : b;
    Dims batchA = new Dims(Arrays.copyOf(a2.d(), a2.rank() - 2), Arrays.copyOf(a2.n(), a2.rank() - 2));
    Dims batchB = new Dims(Arrays.copyOf(b2.d(), b2.rank() - 2), Arrays.copyOf(b2.n(), b2.rank() - 2));
    Dims batch = Shapes.broadcast(batchA, batchB);
    int r = batch.rank();
    long[] d = Arrays.copyOf(batch.d(), r + 2);
    String[] names = Arrays.copyOf(batch.n(), r + 2);
    d[r] = a2.d()[a2.rank() - 2];
    names[r] = a2.n()[a2.rank() - 2];
    d[r + 1] = b2.d()[b2.rank() - 1];
    names[r + 1] = b2.n()[b2.rank() - 1];
    // a 1-D operand's added axis is removed again from the result
    int keep = r + 2 - (aVec ? 1 : 0) - (bVec ? 1 : 0);
    long[] od = new long[keep];
    String[] on = new String[keep];
    int j = 0;
    for (int i = 0; i < r + 2; i++) {
      if ((aVec && i == r) || (bVec && i == r + 1)) {
        continue;
      }
      od[j] = d[i];
      on[j++] = names[i];
    }
    return one(n, t, new Dims(od, on));
  }

  private static List<ValueInfo> gemm(Node n, ShapeRule.ShapeContext ctx) {
    Dims a = dims(ctx, n.input(0));
    Dims b = dims(ctx, n.input(1));
    DataType t = ctx.type(n.input(0));
    if (a == null || b == null || a.rank() != 2 || b.rank() != 2) {
      return one(n, t, null);
    }
    int m = n.attrLong("transA", 0) != 0 ? 1 : 0;
    int nn = n.attrLong("transB", 0) != 0 ? 0 : 1;
    return one(n, t, new Dims(new long[] {a.d()[m], b.d()[nn]}, new String[] {a.n()[m], b.n()[nn]}));
  }

  private static List<ValueInfo> reduce(Node n, ShapeRule.ShapeContext ctx) {
    Dims x = dims(ctx, n.input(0));
    DataType t = ctx.type(n.input(0));
    if (x == null) {
      return one(n, t, null);
    }
    boolean keep = n.attrLong("keepdims", 1) != 0;
    long[] axes;
    if (n.hasInput(1)) {
      axes = Shapes.constLongs(ctx, n.input(1));
      if (axes == null) {
        // the axes are computed at run time: only the rank is known, and only with keepdims
        return one(n, t, keep ? new Dims(filled(x.rank()), null) : null);
      }
    } else {
      axes = n.attrLongs("axes", new long[0]);
    }
    if (axes.length == 0) {
      if (n.attrLong("noop_with_empty_axes", 0) != 0) {
        return one(n, t, x);
      }
      axes = new long[x.rank()];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i;
      }
    }
    boolean[] reduced = new boolean[x.rank()];
    for (long a : axes) {
      reduced[Shapes.axis(a, x.rank())] = true;
    }
    return one(n, t, reduceDims(x, reduced, keep));
  }

  private static List<ValueInfo> argReduce(Node n, ShapeRule.ShapeContext ctx) {
    Dims x = dims(ctx, n.input(0));
    if (x == null) {
      return one(n, DataType.INT64, null);
    }
    boolean[] reduced = new boolean[x.rank()];
    reduced[Shapes.axis(n.attrLong("axis", 0), x.rank())] = true;
    return one(n, DataType.INT64, reduceDims(x, reduced, n.attrLong("keepdims", 1) != 0));
  }

  private static Dims reduceDims(Dims x, boolean[] reduced, boolean keep) {
    int count = 0;
    for (boolean b : reduced) {
      count += b ? 1 : 0;
    }
    int r = keep ? x.rank() : x.rank() - count;
    long[] d = new long[r];
    String[] names = new String[r];
    int j = 0;
    for (int i = 0; i < x.rank(); i++) {
      if (reduced[i]) {
        if (keep) {
          d[j++] = 1;
        }
      } else {
        d[j] = x.d()[i];
        names[j++] = x.n()[i];
      }
    }
    return new Dims(d, names);
  }

  private static long[] filled(int rank) {
    long[] d = new long[rank];
    Arrays.fill(d, -1);
    return d;
  }
}
