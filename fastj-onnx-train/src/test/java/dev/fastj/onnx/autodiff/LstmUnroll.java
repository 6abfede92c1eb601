package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites each forward-direction ONNX {@code LSTM} node of a graph into the same recurrence
 * written with MatMul, Add, Sigmoid, Tanh and Mul (ONNX's gate order i, o, f, c), keeping its
 * output names. ONNX Runtime's LSTM kernel is float32 only; after this rewrite a graph whose
 * backward came from {@link LstmRule} runs in float64, so that the rule is checked by finite
 * differences in float64 like every other. The rule's nodes read only the LSTM node's inputs
 * and its output Y, which the rewrite reproduces.
 */
final class LstmUnroll {

  private LstmUnroll() {}

  static Graph apply(Graph g) {
    GraphBuilder scratch = GraphBuilder.from(g);
    int before = scratch.nodeCount();
    List<Node> nodes = new ArrayList<>();
    for (Node n : g.nodes()) {
      if (!n.opType().equals("LSTM")) {
        nodes.add(n);
        continue;
      }
      int from = scratch.nodeCount();
      List<Node> aliases = emit(scratch, n, g);
      for (int i = from; i < scratch.nodeCount(); i++) {
        nodes.add(scratch.node(i));
      }
      nodes.addAll(aliases);
    }
    Graph built = scratch.build();
    if (before == scratch.nodeCount()) {
      return g;
    }
    return new Graph(g.name(), g.inputs(), g.outputs(), nodes, built.initializers(), g.valueInfo());
  }

  private static List<Node> emit(GraphBuilder b, Node n, Graph g) {
    long hidden = n.attrLong("hidden_size", -1);
    String x = n.input(0);
    String w = b.transpose(b.op("Squeeze", n.input(1), b.longs(0)), 1, 0);
    String r = b.transpose(b.op("Squeeze", n.input(2), b.longs(0)), 1, 0);
    // the step count must be static, as the rule needs: read it from the graph input's dims
    long steps = g.input(x) != null ? g.input(x).dims()[0] : -1;
    if (steps <= 0) {
      throw new IllegalArgumentException("LstmUnroll needs X to be a graph input with a static T, got " + x);
    }
    String bias = null;
    if (n.hasInput(3)) {
      List<String> bb = b.op("Split", List.of(b.op("Squeeze", n.input(3), b.longs(0))),
          Map.of("axis", 0L, "num_outputs", 2L), 2);
      bias = b.add(bb.get(0), bb.get(1));
    }
    String h = n.hasInput(5) ? b.op("Squeeze", n.input(5), b.longs(0)) : null;
    String c = n.hasInput(6) ? b.op("Squeeze", n.input(6), b.longs(0)) : null;
    List<String> hs = new ArrayList<>();
    for (long t = 0; t < steps; t++) {
      String xt = b.op("Squeeze", b.op("Slice", x, b.longs(t), b.longs(t + 1), b.longs(0)), b.longs(0));
      String pre = b.matMul(xt, w);
      pre = h == null ? pre : b.add(pre, b.matMul(h, r));
      pre = bias == null ? pre : b.add(pre, bias);
      List<String> p = b.op("Split", List.of(pre), Map.of("axis", 1L, "num_outputs", 4L), 4);
      String i = b.op("Sigmoid", p.get(0));
      String o = b.op("Sigmoid", p.get(1));
      String f = b.op("Sigmoid", p.get(2));
      String cand = b.op("Tanh", p.get(3));
      c = c == null ? b.mul(i, cand) : b.add(b.mul(f, c), b.mul(i, cand));
      h = b.mul(o, b.op("Tanh", c));
      hs.add(b.op("Unsqueeze", h, b.longs(0, 1)));
    }
    String y = hs.size() == 1 ? hs.get(0) : b.op("Concat", hs, Map.of("axis", 0L));
    List<Node> aliases = new ArrayList<>();
    aliases.add(alias(b, y, n.output(0)));
    if (n.outputs().size() > 1 && !n.output(1).isEmpty()) {
      aliases.add(alias(b, b.op("Unsqueeze", h, b.longs(0)), n.output(1)));
    }
    if (n.outputs().size() > 2 && !n.output(2).isEmpty()) {
      aliases.add(alias(b, b.op("Unsqueeze", c, b.longs(0)), n.output(2)));
    }
    return aliases;
  }

  /** An Identity giving {@code value} the LSTM output's own name (already claimed, so made by hand). */
  private static Node alias(GraphBuilder b, String value, String name) {
    return new Node(b.fresh("lstm_alias"), "Identity", "", List.of(value), List.of(name), Map.of());
  }
}
