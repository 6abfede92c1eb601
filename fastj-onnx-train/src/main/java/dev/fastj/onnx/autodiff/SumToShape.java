package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Undoes numpy broadcasting on a gradient: sums it over the leading axes the target lacks and
 * over the axes where the target has size 1.
 *
 * <p>With static knowledge (both ranks known, and each aligned pair of dims either static or
 * the same named symbol, such as the batch) it emits at most two ReduceSums with constant axes.
 * Otherwise it falls back to a dynamic formulation that is correct for any runtime shapes:
 * <pre>
 *   lead = Range(0, Size(Shape(grad)) - Size(Shape(target)), 1)
 *   g1   = ReduceSum(grad, lead, keepdims=0, noop_with_empty_axes=1)
 *   ones = Reshape(NonZero(Equal(Shape(target), 1)), [-1])
 *   out  = ReduceSum(g1, ones, keepdims=1, noop_with_empty_axes=1)
 * </pre>
 * The dynamic form costs a few tiny int64 nodes per use, so static shapes are worth declaring.
 */
final class SumToShape {

  private SumToShape() {}

  static String emit(GradContext ctx, String grad, String resultValue, String target) {
    long[] rs = ctx.shape(resultValue);
    if (rs == null) {
      rs = ctx.shape(grad);
    }
    long[] ts = ctx.shape(target);
    if (rs == null || ts == null || ts.length > rs.length) {
      return dynamic(ctx, grad, target);
    }
    String[] rn = names(ctx, resultValue, rs.length);
    String[] tn = names(ctx, target, ts.length);
    int k = rs.length - ts.length;
    List<Long> keepAxes = new ArrayList<>();
    for (int i = 0; i < ts.length; i++) {
      long t = ts[i];
      long r = rs[k + i];
      if (t == 1) {
        if (r != 1) {
          keepAxes.add((long) (k + i));
        }
      } else if (t < 0) {
        boolean same = r < 0 && t < 0 && tn[i] != null && tn[i].equals(rn[k + i]);
        if (r != 1 && !same) {
          // the target's unknown dim may be 1 at run time (broadcast) or equal: decide then
          return dynamic(ctx, grad, target);
        }
      }
    }
    GraphBuilder b = ctx.builder();
    String g = grad;
    if (!keepAxes.isEmpty()) {
      g = b.op("ReduceSum", List.of(g, b.longs(toArray(keepAxes))), Map.of("keepdims", 1L));
    }
    if (k > 0) {
      long[] lead = new long[k];
      for (int i = 0; i < k; i++) {
        lead[i] = i;
      }
      g = b.op("ReduceSum", List.of(g, b.longs(lead)), Map.of("keepdims", 0L));
    }
    return g;
  }

  private static String[] names(GradContext ctx, String v, int rank) {
    String[] n = ctx.dimNames(v);
    return n != null && n.length == rank ? n : new String[rank];
  }

  private static long[] toArray(List<Long> l) {
    return l.stream().mapToLong(Long::longValue).toArray();
  }

  private static String dynamic(GradContext ctx, String grad, String target) {
    GraphBuilder b = ctx.builder();
    String gShape = b.op("Shape", grad);
    String tShape = b.op("Shape", target);
    String diff = b.sub(b.op("Size", gShape), b.op("Size", tShape));
    String lead = b.op("Range", b.constant(Tensor.scalar(DataType.INT64, 0)), diff,
        b.constant(Tensor.scalar(DataType.INT64, 1)));
    String g1 = b.op("ReduceSum", List.of(grad, lead), Map.of("keepdims", 0L, "noop_with_empty_axes", 1L));
    String isOne = b.op("Equal", tShape, b.longs(1));
    String ones = b.reshape(b.op("NonZero", isOne), -1);
    return b.op("ReduceSum", List.of(g1, ones), Map.of("keepdims", 1L, "noop_with_empty_axes", 1L));
  }
}
