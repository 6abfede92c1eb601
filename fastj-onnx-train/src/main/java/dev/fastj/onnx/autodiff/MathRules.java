package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.RuleSupport.isStatic;
import static dev.fastj.onnx.autodiff.RuleSupport.rank;
import static dev.fastj.onnx.autodiff.RuleSupport.scalarLike;
import static dev.fastj.onnx.autodiff.RuleSupport.shapeOf;

import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gradient rules of the linear algebra and the reductions: MatMul (batched, broadcasting,
 * 1-D operands), Gemm (alpha, beta, transA, transB, broadcast C), ReduceSum, ReduceMean,
 * ReduceSumSquare, ReduceMax and ReduceMin.
 */
final class MathRules {

  private MathRules() {}

  static void register(GradientRules r) {
    r.register("MatMul", MathRules::matMul);
    r.register("Gemm", MathRules::gemm);
    r.register("ReduceSum", (n, ctx) -> reduce(n, ctx, Kind.SUM));
    r.register("ReduceMean", (n, ctx) -> reduce(n, ctx, Kind.MEAN));
    r.register("ReduceSumSquare", (n, ctx) -> reduce(n, ctx, Kind.SUM_SQUARE));
    r.register("ReduceMax", (n, ctx) -> reduce(n, ctx, Kind.EXTREMUM));
    r.register("ReduceMin", (n, ctx) -> reduce(n, ctx, Kind.EXTREMUM));
  }

  /** Swaps the last two axes of a value of rank {@code r} (at least 2). */
  private static String swapLast(GraphBuilder b, String x, int r) {
    long[] perm = new long[r];
    for (int i = 0; i < r; i++) {
      perm[i] = i;
    }
    perm[r - 2] = r - 1;
    perm[r - 1] = r - 2;
    return b.transpose(x, perm);
  }

  private static void matMul(Node n, GradContext ctx) {
    GraphBuilder b = ctx.builder();
    String a = n.input(0);
    String w = n.input(1);
    int ra = rank(ctx, n, a);
    int rb = rank(ctx, n, w);
    // a 1-D operand is a matrix with an added axis that the result then drops: restore it
    String a2 = ra == 1 ? RuleSupport.unsqueeze(b, a, 0) : a;
    String b2 = rb == 1 ? RuleSupport.unsqueeze(b, w, 1) : w;
    String g = ctx.gradOutput(0);
    if (rb == 1) {
      g = RuleSupport.unsqueeze(b, g, -1);
    }
    if (ra == 1) {
      g = RuleSupport.unsqueeze(b, g, -2);
    }
    int ra2 = Math.max(ra, 2);
    int rb2 = Math.max(rb, 2);
    if (ra == 2 && rb == 2) {
      // plain matrices: Gemm's transpose flags, without Transpose nodes
      if (ctx.needsGrad(0)) {
        ctx.addGradInput(0, gemmOf(b, g, w, false, true, 1f));
      }
      // a^T g, contracted over the rows: deferred, so that the products of a shared weight fuse
      ctx.addGradProduct(1, a, g);
      return;
    }
    if (ctx.needsGrad(0)) {
      String da = b.matMul(g, swapLast(b, b2, rb2));
      ctx.addGradInput(0, ctx.sumToShape(da, da, a));
    }
    if (ctx.needsGrad(1)) {
      long[] as = ctx.shape(a2);
      long[] gs = ctx.shape(g);
      String db;
      if (rb2 == 2 && ra2 > 2 && as != null && gs != null && as[ra2 - 1] >= 0 && gs[gs.length - 1] >= 0) {
        // a weight shared over a batch of matrices: fold the batch into the rows, one product
        String af = b.reshape(a2, -1, as[ra2 - 1]);
        String gf = b.reshape(g, -1, gs[gs.length - 1]);
        if (rb == 2) {
          ctx.addGradProduct(1, af, gf);
          return;
        }
        db = b.op("Gemm", List.of(af, gf), Map.of("transA", 1L));
      } else {
        db = b.matMul(swapLast(b, a2, ra2), g);
        db = ctx.sumToShape(db, db, b2);
      }
      if (rb == 1) {
        db = b.op("Squeeze", db, b.longs(-1));
      }
      ctx.addGradInput(1, db);
    }
  }

  private static void gemm(Node n, GradContext ctx) {
    GraphBuilder b = ctx.builder();
    String g = ctx.gradOutput(0);
    String a = n.input(0);
    String w = n.input(1);
    float alpha = n.attrFloat("alpha", 1f);
    float beta = n.attrFloat("beta", 1f);
    boolean ta = n.attrLong("transA", 0) != 0;
    boolean tb = n.attrLong("transB", 0) != 0;
    // Y = alpha * A' B' + beta * C with A' = transA ? A^T : A and B' = transB ? B^T : B
    if (ctx.needsGrad(0)) {
      String da = ta
          ? gemmOf(b, w, g, tb, true, alpha)     // dA = alpha * B' g^T
          : gemmOf(b, g, w, false, !tb, alpha);  // dA = alpha * g B'^T
      ctx.addGradInput(0, da);
    }
    if (ctx.needsGrad(1)) {
      if (alpha == 1f && !ta) {
        // contracted over the rows of A and g: deferred, so that the products of a shared weight fuse
        if (tb) {
          ctx.addGradProduct(1, g, a);           // dB = g^T A
        } else {
          ctx.addGradProduct(1, a, g);           // dB = A^T g
        }
      } else {
        String dw = tb
            ? gemmOf(b, g, a, true, ta, alpha)     // dB = alpha * g^T A'
            : gemmOf(b, a, g, !ta, false, alpha);  // dB = alpha * A'^T g
        ctx.addGradInput(1, dw);
      }
    }
    if (n.hasInput(2) && ctx.needsGrad(2)) {
      String gc = beta == 1f ? g : b.mul(g, scalarLike(ctx, g, beta));
      ctx.addGradInput(2, ctx.sumToShape(gc, n.output(0), n.input(2)));
    }
  }

  private static String gemmOf(GraphBuilder b, String x, String y, boolean transX, boolean transY, float alpha) {
    return b.op("Gemm", List.of(x, y), Map.of("transA", transX ? 1L : 0L, "transB", transY ? 1L : 0L,
        "alpha", alpha));
  }

  private enum Kind { SUM, MEAN, SUM_SQUARE, EXTREMUM }

  private static void reduce(Node n, GradContext ctx, Kind kind) {
    if (!ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String x = n.input(0);
    String y = n.output(0);
    String g = ctx.gradOutput(0);
    boolean keep = n.attrLong("keepdims", 1) != 0;
    String axes = null;
    if (n.hasInput(1)) {
      Tensor c = ctx.constantValue(n.input(1));
      axes = c != null && c.numel() == 0 ? null : n.input(1);
    } else if (n.attr("axes") != null && n.attrLongs("axes", null).length > 0) {
      axes = b.longs(n.attrLongs("axes", null));
    }
    if (axes == null && n.attrLong("noop_with_empty_axes", 0) != 0) {
      ctx.addGradInput(0, kind == Kind.SUM_SQUARE ? b.mul(g, b.mul(x, scalarLike(ctx, x, 2))) : g);
      return;
    }
    // put the reduced axes back (Unsqueeze takes the same axes: they index the input's rank),
    // then broadcast over them
    String gk = keep || axes == null ? g : b.op("Unsqueeze", g, axes);
    String yk = keep || axes == null ? y : b.op("Unsqueeze", y, axes);
    String dx = switch (kind) {
      case SUM -> b.op("Expand", gk, shapeOf(ctx, x));
      case MEAN -> b.op("Expand", b.div(gk, count(ctx, x, y)), shapeOf(ctx, x));
      case SUM_SQUARE -> b.mul(gk, b.mul(x, scalarLike(ctx, x, 2)));
      case EXTREMUM -> {
        // ties share the gradient evenly, like PyTorch's amax/amin
        String mask = RuleSupport.cast(ctx, b.op("Equal", x, yk), ctx.type(x));
        List<String> in = new ArrayList<>(List.of(mask));
        if (axes != null) {
          in.add(axes);
        }
        String ties = b.op("ReduceSum", in, Map.of("keepdims", 1L));
        yield b.mul(b.div(gk, ties), mask);
      }
    };
    ctx.addGradInput(0, dx);
  }

  /** How many input elements each output element of a reduction averages, in x's type. */
  private static String count(GradContext ctx, String x, String y) {
    long[] xs = ctx.shape(x);
    long[] ys = ctx.shape(y);
    if (isStatic(xs) && isStatic(ys)) {
      return scalarLike(ctx, x, (double) Tensor.numel(xs) / Math.max(1, Tensor.numel(ys)));
    }
    GraphBuilder b = ctx.builder();
    String c = b.div(b.op("Size", x), b.op("Size", y));
    return RuleSupport.cast(ctx, c, ctx.type(x));
  }
}
