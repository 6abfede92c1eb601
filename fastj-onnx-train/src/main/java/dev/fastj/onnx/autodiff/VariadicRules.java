package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;

/**
 * Gradient rules for the variadic, broadcasting Sum, Max and Min. For Max and Min the
 * gradient goes to the inputs equal to the result; when several tie, it is shared equally
 * among them so the total stays dY (the average of the one-sided subgradients).
 */
final class VariadicRules {

  private VariadicRules() {}

  static void register(GradientRules r) {
    r.with("Sum", VariadicRules::sum);
    r.with("Max", VariadicRules::extremum);
    r.with("Min", VariadicRules::extremum);
  }

  private static void sum(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null) {
      return;
    }
    for (int i = 0; i < node.inputs().size(); i++) {
      if (node.hasInput(i) && ctx.needsGrad(i)) {
        ctx.addGradInput(i, ctx.sumToShape(dy, node.output(0), node.input(i)));
      }
    }
  }

  private static void extremum(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String y = node.output(0);
    DataType type = ctx.type(y);
    int n = node.inputs().size();
    String[] hits = new String[n];
    String count = null;
    for (int i = 0; i < n; i++) {
      // Equal broadcasts each input against the result, so every mask has the result's shape
      hits[i] = b.cast(b.op("Equal", node.input(i), y), type);
      count = count == null ? hits[i] : b.add(count, hits[i]);
    }
    String share = b.div(dy, count);
    for (int i = 0; i < n; i++) {
      if (ctx.needsGrad(i)) {
        ctx.addGradInput(i, ctx.sumToShape(b.mul(share, hits[i]), y, node.input(i)));
      }
    }
  }
}
