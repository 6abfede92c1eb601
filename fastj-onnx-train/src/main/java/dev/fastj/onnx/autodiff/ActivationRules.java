package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.RuleSupport.scalarLike;

import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import java.util.List;

/**
 * Gradient rules of the further activations (Elu, Selu, HardSigmoid,
 * HardSwish, Softsign, PRelu) and of the piecewise-constant operators (Sign, Floor,
 * Ceil, Round), whose gradient is zero almost everywhere: they pass nothing back.
 */
final class ActivationRules {

  private ActivationRules() {}

  static void register(GradientRules r) {
    for (String op : List.of("Sign", "Floor", "Ceil", "Round")) {
      // zero almost everywhere: no contribution, so values reached only through them are unreached
      r.register(op, (n, ctx) -> { });
    }
    unary(r, "Elu", (n, ctx, g) -> {
      GraphBuilder b = ctx.builder();
      String x = n.input(0);
      String alpha = scalarLike(ctx, x, n.attrFloat("alpha", 1f));
      return b.op("Where", positive(ctx, x), g, b.mul(g, b.add(n.output(0), alpha)));
    });
    unary(r, "Selu", (n, ctx, g) -> {
      GraphBuilder b = ctx.builder();
      String x = n.input(0);
      double alpha = n.attrFloat("alpha", 1.67326319217681884765625f);
      double gamma = n.attrFloat("gamma", 1.05070102214813232421875f);
      String gg = b.mul(g, scalarLike(ctx, x, gamma));
      // below 0, y = gamma * alpha * (exp(x) - 1) so dy/dx = y + gamma * alpha
      return b.op("Where", positive(ctx, x), gg, b.mul(g, b.add(n.output(0), scalarLike(ctx, x, gamma * alpha))));
    });
    unary(r, "HardSigmoid", (n, ctx, g) -> {
      GraphBuilder b = ctx.builder();
      String x = n.input(0);
      float alpha = n.attrFloat("alpha", 0.2f);
      float beta = n.attrFloat("beta", 0.5f);
      String z = b.add(b.mul(x, scalarLike(ctx, x, alpha)), scalarLike(ctx, x, beta));
      String inside = b.op("And", b.op("Greater", z, scalarLike(ctx, x, 0)), b.op("Less", z, scalarLike(ctx, x, 1)));
      return b.op("Where", inside, b.mul(g, scalarLike(ctx, x, alpha)), scalarLike(ctx, x, 0));
    });
    unary(r, "HardSwish", (n, ctx, g) -> {
      GraphBuilder b = ctx.builder();
      String x = n.input(0);
      // y = x * clip(x / 6 + 1/2, 0, 1): slope 0 below -3, 1 above 3, x / 3 + 1/2 between
      String mid = b.add(b.div(x, scalarLike(ctx, x, 3)), scalarLike(ctx, x, 0.5));
      String slope = b.op("Where", b.op("Less", x, scalarLike(ctx, x, -3)), scalarLike(ctx, x, 0),
          b.op("Where", b.op("Greater", x, scalarLike(ctx, x, 3)), scalarLike(ctx, x, 1), mid));
      return b.mul(g, slope);
    });
    unary(r, "Softsign", (n, ctx, g) -> {
      GraphBuilder b = ctx.builder();
      String d = b.add(scalarLike(ctx, n.input(0), 1), b.op("Abs", n.input(0)));
      return b.div(g, b.mul(d, d));
    });
    r.register("PRelu", (n, ctx) -> {
      GraphBuilder b = ctx.builder();
      String x = n.input(0);
      String g = ctx.gradOutput(0);
      String pos = positive(ctx, x);
      String zero = scalarLike(ctx, x, 0);
      if (ctx.needsGrad(0)) {
        ctx.addGradInput(0, b.op("Where", pos, g, b.mul(g, n.input(1))));
      }
      if (ctx.needsGrad(1)) {
        String gs = b.op("Where", pos, zero, b.mul(g, x));
        ctx.addGradInput(1, ctx.sumToShape(gs, n.output(0), n.input(1)));
      }
    });
  }

  private static String positive(GradContext ctx, String x) {
    return ctx.builder().op("Greater", x, scalarLike(ctx, x, 0));
  }

  private interface UnaryGrad {
    String grad(Node n, GradContext ctx, String g);
  }

  private static void unary(GradientRules r, String op, UnaryGrad f) {
    r.register(op, (n, ctx) -> {
      if (ctx.needsGrad(0) && ctx.gradOutput(0) != null) {
        ctx.addGradInput(0, f.grad(n, ctx, ctx.gradOutput(0)));
      }
    });
  }
}
