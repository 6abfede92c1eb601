package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.RuleSupport.rank;
import static dev.fastj.onnx.autodiff.RuleSupport.reshapeLike;
import static dev.fastj.onnx.autodiff.RuleSupport.shapeOf;
import static dev.fastj.onnx.autodiff.RuleSupport.zerosLike;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.SliceSpec;
import dev.fastj.onnx.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gradient rules of the operators that move data: Reshape, Flatten, Squeeze, Unsqueeze,
 * Transpose, Expand, Concat, Split, Slice (any steps), Gather (any axis; the embedding
 * backward), GatherElements and Tile. (Pad's rule is with the neural-network rules.)
 */
final class ShapeOpsRules {

  private ShapeOpsRules() {}

  static void register(GradientRules r) {
    for (String op : List.of("Reshape", "Flatten", "Squeeze", "Unsqueeze")) {
      r.register(op, (n, ctx) -> {
        if (ctx.needsGrad(0)) {
          ctx.addGradInput(0, reshapeLike(ctx, ctx.gradOutput(0), n.input(0)));
        }
      });
    }
    r.register("Transpose", (n, ctx) -> {
      if (!ctx.needsGrad(0)) {
        return;
      }
      long[] perm = n.attrLongs("perm", null);
      if (perm == null) {
        // the default perm reverses the axes, and is its own inverse
        ctx.addGradInput(0, ctx.builder().op("Transpose", ctx.gradOutput(0)));
        return;
      }
      long[] inv = new long[perm.length];
      for (int i = 0; i < perm.length; i++) {
        inv[(int) perm[i]] = i;
      }
      ctx.addGradInput(0, ctx.builder().transpose(ctx.gradOutput(0), inv));
    });
    r.register("Expand", (n, ctx) -> ElementwiseRules.broadcastGrad(n, ctx, 0, ctx.gradOutput(0)));
    r.register("Concat", ShapeOpsRules::concat);
    SpaceDepthRules.register(r);
    r.register("Split", ShapeOpsRules::split);
    r.register("Slice", ShapeOpsRules::slice);
    r.register("Gather", ShapeOpsRules::gather);
    r.register("Tile", ShapeOpsRules::tile);
    r.register("GatherElements", (n, ctx) -> {
      if (ctx.needsGrad(0)) {
        GraphBuilder b = ctx.builder();
        String idx = int64(ctx, n.input(1));
        ctx.addGradInput(0, b.op("ScatterElements", List.of(zerosLike(ctx, n.input(0)), idx, ctx.gradOutput(0)),
            Map.of("axis", n.attrLong("axis", 0), "reduction", "add")));
      }
    });
  }

  private static String int64(GradContext ctx, String idx) {
    return ctx.type(idx) == DataType.INT64 ? idx
        : RuleSupport.cast(ctx, idx, DataType.INT64);
  }

  private static void concat(Node n, GradContext ctx) {
    GraphBuilder b = ctx.builder();
    String g = ctx.gradOutput(0);
    int r = rank(ctx, n, n.input(0));
    long axis = n.attrLong("axis", 0);
    int ax = (int) (axis < 0 ? axis + r : axis);
    int k = n.inputs().size();
    long[] sizes = new long[k];
    boolean known = true;
    for (int i = 0; i < k; i++) {
      long[] s = ctx.shape(n.input(i));
      sizes[i] = s == null ? -1 : s[ax];
      known &= sizes[i] >= 0;
    }
    if (known) {
      List<String> parts = b.op("Split", List.of(g, b.longs(sizes)), Map.of("axis", (long) ax), k);
      for (int i = 0; i < k; i++) {
        ctx.addGradInput(i, parts.get(i));
      }
      return;
    }
    // sizes known only at run time: slice each input's part at offsets computed from the shapes
    String offset = b.longs(0);
    for (int i = 0; i < k; i++) {
      String size = b.op("Shape", List.of(n.input(i)), Map.of("start", (long) ax, "end", (long) ax + 1));
      String end = b.add(offset, size);
      if (ctx.needsGrad(i)) {
        ctx.addGradInput(i, b.op("Slice", g, offset, end, b.longs(ax)));
      }
      offset = end;
    }
  }

  private static void split(Node n, GradContext ctx) {
    if (!ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < n.outputs().size(); i++) {
      String gi = ctx.gradOutput(i);
      parts.add(gi != null ? gi : zerosLike(ctx, n.output(i)));
    }
    ctx.addGradInput(0, b.op("Concat", parts, Map.of("axis", n.attrLong("axis", 0))));
  }

  private static void slice(Node n, GradContext ctx) {
    if (!ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String x = n.input(0);
    String g = ctx.gradOutput(0);
    long[] xs = ctx.shape(x);
    SliceSpec s = SliceSpec.of(n, new ShapeView(ctx));
    if (s != null && s.unitSteps()) {
      long[] pads = padsOf(s, xs);
      if (pads != null) {
        ctx.addGradInput(0, b.op("Pad", g, b.longs(pads)));
        return;
      }
    }
    // any steps, negative ones and run-time bounds included: slice the flat positions of x with
    // the same starts/ends/axes/steps, and scatter the gradient to those positions
    String size = b.op("Size", x);
    String zero = b.constant(Tensor.scalar(DataType.INT64, 0));
    String one = b.constant(Tensor.scalar(DataType.INT64, 1));
    String positions = b.op("Reshape", b.op("Range", zero, size, one), shapeOf(ctx, x));
    List<String> in = new ArrayList<>(n.inputs());
    in.set(0, positions);
    String taken = b.reshape(b.op("Slice", in, Map.of()), -1);
    String flatZeros = b.op("ConstantOfShape", List.of(b.reshape(size, 1)),
        Map.of("value", Tensor.full(ctx.type(x), 0, 1)));
    String scattered = b.op("ScatterElements", List.of(flatZeros, taken, b.reshape(g, -1)), Map.of("axis", 0L));
    ctx.addGradInput(0, b.op("Reshape", scattered, shapeOf(ctx, x)));
  }

  /** Pad amounts putting a unit-step slice's gradient back in place, or null when dims are not static. */
  private static long[] padsOf(SliceSpec s, long[] xs) {
    if (xs == null) {
      return null;
    }
    int r = xs.length;
    long[] pads = new long[2 * r];
    for (int k = 0; k < s.axes().length; k++) {
      int a = s.axes()[k];
      if (xs[a] < 0 || s.length(k) == 0) {
        return null;
      }
      pads[a] = s.starts()[k];
      pads[a + r] = xs[a] - s.ends()[k];
    }
    return pads;
  }

  private static void gather(Node n, GradContext ctx) {
    if (!ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String x = n.input(0);
    String g = ctx.gradOutput(0);
    int r = rank(ctx, n, x);
    int q = rank(ctx, n, n.input(1));
    long axisAttr = n.attrLong("axis", 0);
    int axis = (int) (axisAttr < 0 ? axisAttr + r : axisAttr);
    String idx = int64(ctx, n.input(1));
    Tensor constIdx = ctx.constantValue(n.input(1));
    boolean nonNegative = constIdx != null && java.util.Arrays.stream(constIdx.toLongs()).allMatch(v -> v >= 0);
    if (!nonNegative) {
      // Gather accepts negative indices; the scatter's are made non-negative first
      String dim = b.op("Shape", List.of(x), Map.of("start", (long) axis, "end", (long) axis + 1));
      String zero = b.constant(Tensor.scalar(DataType.INT64, 0));
      idx = b.op("Where", b.op("Less", idx, zero), b.add(idx, b.reshape(dim, new long[0])), idx);
    }
    // bring the gathered axis to the front of x, and the index dims to the front of g, so that
    // one scatter (reduction add: repeated indices accumulate) writes every row back
    String xt = x;
    String gt = g;
    long[] perm = null;
    if (axis != 0) {
      perm = new long[r];
      perm[0] = axis;
      for (int i = 0, j = 1; i < r; i++) {
        if (i != axis) {
          perm[j++] = i;
        }
      }
      xt = b.transpose(x, perm);
      long[] gperm = new long[r - 1 + q];
      int j = 0;
      for (int i = 0; i < q; i++) {
        gperm[j++] = axis + i;
      }
      for (int i = 0; i < axis; i++) {
        gperm[j++] = i;
      }
      for (int i = axis + q; i < r - 1 + q; i++) {
        gperm[j++] = i;
      }
      gt = b.transpose(g, gperm);
    }
    // ScatterElements, not ScatterND: ONNX Runtime's ScatterND with reduction add splits the
    // updates across threads without guarding repeated indices, and loses some of them on two or
    // more threads (an embedding whose rows repeat in a batch got too small a gradient). The
    // gradient rows [K, rest...] go back to their rows of x by an index expanded over rest.
    String zeros = zerosLike(ctx, xt);
    long[] column = new long[r];
    java.util.Arrays.fill(column, 1L);
    column[0] = -1;
    String rest = b.op("Shape", List.of(xt), Map.of("start", 1L));
    String rows = b.op("Concat", List.of(b.longs(-1), rest), Map.of("axis", 0L));
    String gRows = b.op("Reshape", gt, rows);
    String idxRows = b.op("Expand", b.op("Reshape", idx, b.longs(column)), b.op("Shape", gRows));
    String dxt = b.op("ScatterElements", List.of(zeros, idxRows, gRows), Map.of("axis", 0L, "reduction", "add"));
    if (perm != null) {
      long[] inv = new long[r];
      for (int i = 0; i < r; i++) {
        inv[(int) perm[i]] = i;
      }
      dxt = b.transpose(dxt, inv);
    }
    ctx.addGradInput(0, dxt);
  }

  private static void tile(Node n, GradContext ctx) {
    if (!ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String x = n.input(0);
    int r = rank(ctx, n, x);
    long[] xs = ctx.shape(x);
    Tensor reps = ctx.constantValue(n.input(1));
    // view the gradient as [r0, d0, r1, d1, ...] and sum over the repeat axes
    String target;
    if (RuleSupport.isStatic(xs) && reps != null) {
      long[] rv = reps.toLongs();
      long[] t = new long[2 * r];
      for (int i = 0; i < r; i++) {
        t[2 * i] = rv[i];
        t[2 * i + 1] = xs[i];
      }
      target = b.longs(t);
    } else {
      String pairs = b.op("Concat", List.of(RuleSupport.unsqueeze(b, n.input(1), 1),
          RuleSupport.unsqueeze(b, b.op("Shape", x), 1)), Map.of("axis", 1L));
      target = b.reshape(pairs, -1);
    }
    long[] axes = new long[r];
    for (int i = 0; i < r; i++) {
      axes[i] = 2L * i;
    }
    ctx.addGradInput(0, b.reduceSum(b.op("Reshape", ctx.gradOutput(0), target), false, axes));
  }

  /** The gradient context seen as a shape context, to reuse {@link SliceSpec}. */
  private record ShapeView(GradContext ctx) implements dev.fastj.onnx.graph.ShapeRule.ShapeContext {
    @Override
    public long[] shape(String value) {
      return ctx.shape(value);
    }

    @Override
    public DataType type(String value) {
      return ctx.type(value);
    }

    @Override
    public Tensor constantValue(String value) {
      return ctx.constantValue(value);
    }
  }
}
