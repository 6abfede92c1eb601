package dev.fastj.onnx.proto;

import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings an imported model (opset 7 to 17 of the default domain) to fastj's pinned opset
 * {@value Model#OPSET}, rewriting the operators whose signatures changed on the way, so that
 * imported graphs mix with the nodes fastj emits:
 * <ul>
 *   <li>ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceLogSumExp, ReduceL1, ReduceL2,
 *       ReduceLogSum, ReduceSumSquare (and ReduceSum, Squeeze, Unsqueeze before 13): the
 *       {@code axes} attribute becomes an int64 input;</li>
 *   <li>Split: the {@code split} attribute becomes an input (opset 13); without sizes,
 *       {@code num_outputs} is set (opset 18);</li>
 *   <li>Clip (before 11): {@code min}/{@code max} attributes become inputs; Pad (before 11):
 *       {@code pads} and {@code value} become inputs; Dropout (before 12): {@code ratio}
 *       becomes an input;</li>
 *   <li>BatchNormalization: {@code spatial} is dropped (opset 9); the training-mode form with
 *       five outputs becomes {@code training_mode=1} with three (opset 14);</li>
 *   <li>Resize 10 and Upsample: become Resize with an empty roi and the asymmetric
 *       coordinate transformation they implied.</li>
 * </ul>
 * New constant inputs are added as initializers of the graph (or subgraph) that uses them.
 *
 * <pre>{@code
 * Model m = OpsetUpgrade.to18(OnnxReader.read(Path.of("resnet_opset13.onnx")));
 * }</pre>
 */
public final class OpsetUpgrade {

  /** The oldest opset {@link #to18} reads. */
  public static final long OLDEST = 7;

  private static final Set<String> REDUCE_18 = Set.of("ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
      "ReduceLogSumExp", "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceSumSquare");
  private static final Set<String> AXES_13 = Set.of("ReduceSum", "Squeeze", "Unsqueeze");

  private final long from;
  private final Set<String> names = new HashSet<>();
  private int counter;

  private OpsetUpgrade(long from) {
    this.from = from;
  }

  /**
   * {@code model} at opset {@value Model#OPSET}: unchanged when it is there already; fails
   * naming the opset when it is newer than 18 or older than {@value #OLDEST}, and naming the
   * node when one cannot be expressed at opset 18.
   */
  public static Model to18(Model model) {
    long from = model.opset();
    if (from == Model.OPSET) {
      return model;
    }
    if (from > Model.OPSET) {
      throw new IllegalArgumentException("the model uses opset " + from + ", newer than fastj's " + Model.OPSET
          + "; export it with opset_version between 13 and " + Model.OPSET);
    }
    if (from != 0 && from < OLDEST) {
      throw new IllegalArgumentException("the model uses opset " + from + ", older than " + OLDEST
          + " which fastj can upgrade; export it again with opset_version=13 or newer");
    }
    OpsetUpgrade u = new OpsetUpgrade(from);
    u.collectNames(model.graph());
    Graph g = from == 0 ? model.graph() : u.graph(model.graph(), Set.of());
    Map<String, Long> opsets = new LinkedHashMap<>(model.opsets());
    opsets.put("", Model.OPSET);
    return new Model(g, opsets, Math.max(model.irVersion(), Model.IR_VERSION), model.producerName(),
        model.producerVersion(), model.metadata());
  }

  private void collectNames(Graph g) {
    g.inputs().forEach(v -> names.add(v.name()));
    names.addAll(g.initializers().keySet());
    for (Node n : g.nodes()) {
      names.addAll(n.outputs());
      names.add(n.name());
      for (Graph sub : subgraphs(n)) {
        collectNames(sub);
      }
    }
  }

  private static List<Graph> subgraphs(Node n) {
    List<Graph> out = new ArrayList<>();
    for (Attribute a : n.attributes().values()) {
      if (a.type() == Attribute.Type.GRAPH) {
        out.add(a.asGraph());
      } else if (a.type() == Attribute.Type.GRAPHS) {
        out.addAll(List.of((Graph[]) a.value()));
      }
    }
    return out;
  }

  private String fresh(String hint) {
    String n = hint;
    while (!names.add(n)) {
      n = hint + "_" + (++counter);
    }
    return n;
  }

  /** The rewrite of one graph; {@code outerUsed} are values consumed by enclosing graphs. */
  private Graph graph(Graph g, Set<String> outerUsed) {
    Map<String, Tensor> inits = new LinkedHashMap<>(g.initializers());
    Map<String, DataType> types = new HashMap<>();
    for (List<ValueInfo> vs : List.of(g.inputs(), g.outputs(), g.valueInfo())) {
      for (ValueInfo v : vs) {
        if (v.type() != null) {
          types.put(v.name(), v.type());
        }
      }
    }
    inits.forEach((k, t) -> types.put(k, t.type()));
    Set<String> used = new HashSet<>(outerUsed);
    g.outputs().forEach(v -> used.add(v.name()));
    collectUses(g, used);
    List<Node> nodes = new ArrayList<>(g.nodes().size());
    for (Node n : g.nodes()) {
      Node sub = withUpgradedSubgraphs(n, used);
      nodes.add(n.domain().isEmpty() ? node(sub, inits, types, used) : sub);
    }
    return new Graph(g.name(), g.inputs(), g.outputs(), nodes, inits, g.valueInfo());
  }

  private static void collectUses(Graph g, Set<String> used) {
    for (Node n : g.nodes()) {
      used.addAll(n.inputs());
      for (Graph sub : subgraphs(n)) {
        collectUses(sub, used);
      }
    }
  }

  private Node withUpgradedSubgraphs(Node n, Set<String> used) {
    if (subgraphs(n).isEmpty()) {
      return n;
    }
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    for (Attribute a : n.attributes().values()) {
      if (a.type() == Attribute.Type.GRAPH) {
        attrs.put(a.name(), new Attribute(a.name(), a.type(), graph(a.asGraph(), used)));
      } else if (a.type() == Attribute.Type.GRAPHS) {
        Graph[] gs = ((Graph[]) a.value()).clone();
        for (int i = 0; i < gs.length; i++) {
          gs[i] = graph(gs[i], used);
        }
        attrs.put(a.name(), new Attribute(a.name(), a.type(), gs));
      } else {
        attrs.put(a.name(), a);
      }
    }
    return new Node(n.name(), n.opType(), n.domain(), n.inputs(), n.outputs(), attrs);
  }

  /** A mutable copy of a node under rewrite. */
  private final class Edit {
    final Node original;
    final List<String> inputs;
    final List<String> outputs;
    final Map<String, Attribute> attrs;
    final Map<String, Tensor> inits;
    String opType;

    Edit(Node n, Map<String, Tensor> inits) {
      original = n;
      inputs = new ArrayList<>(n.inputs());
      outputs = new ArrayList<>(n.outputs());
      attrs = new LinkedHashMap<>(n.attributes());
      opType = n.opType();
      this.inits = inits;
    }

    /** Sets input {@code i} to a new initializer holding {@code t}, padding with "" before it. */
    void constantInput(int i, String hint, Tensor t) {
      while (inputs.size() < i) {
        inputs.add("");
      }
      String base = original.name().isEmpty() ? original.opType() : original.name();
      String name = fresh(base + "_" + hint);
      inits.put(name, t);
      if (inputs.size() == i) {
        inputs.add(name);
      } else {
        inputs.set(i, name);
      }
    }

    Attribute take(String attr) {
      return attrs.remove(attr);
    }

    void set(String attr, Object value) {
      attrs.put(attr, Attribute.of(attr, value));
    }

    Node build() {
      return new Node(original.name(), opType, original.domain(), inputs, outputs, attrs);
    }

    IllegalArgumentException fail(String why) {
      return new IllegalArgumentException("cannot upgrade " + original.describe() + " from opset " + from + " to "
          + Model.OPSET + ": " + why);
    }
  }

  private Node node(Node n, Map<String, Tensor> inits, Map<String, DataType> types, Set<String> used) {
    String op = n.opType();
    Edit e = new Edit(n, inits);
    if ((REDUCE_18.contains(op) && from < 18) || (AXES_13.contains(op) && from < 13)) {
      Attribute axes = e.take("axes");
      if (axes == null) {
        return n;
      }
      long[] a = axes.asLongs();
      e.constantInput(1, "axes", Tensor.ofLongs(a, a.length));
      return e.build();
    }
    switch (op) {
      case "Split" -> {
        Attribute split = from < 13 ? e.take("split") : null;
        if (split != null) {
          long[] s = split.asLongs();
          e.constantInput(1, "split", Tensor.ofLongs(s, s.length));
        }
        if (!n.hasInput(1) && split == null && !e.attrs.containsKey("num_outputs")) {
          e.set("num_outputs", (long) n.outputs().size());
        }
        return e.build();
      }
      case "Clip" -> {
        if (from >= 11) {
          return n;
        }
        DataType t = floatType(e, types);
        Attribute min = e.take("min");
        Attribute max = e.take("max");
        if (min != null) {
          e.constantInput(1, "min", Tensor.scalar(t, min.asFloat()));
        }
        if (max != null) {
          e.constantInput(2, "max", Tensor.scalar(t, max.asFloat()));
        }
        return e.build();
      }
      case "Pad" -> {
        if (from >= 11) {
          return n;
        }
        Attribute pads = e.take("pads");
        Attribute value = e.take("value");
        if (pads == null) {
          throw e.fail("it has no pads attribute");
        }
        long[] p = pads.asLongs();
        e.constantInput(1, "pads", Tensor.ofLongs(p, p.length));
        if (value != null && value.asFloat() != 0f) {
          e.constantInput(2, "value", Tensor.scalar(floatType(e, types), value.asFloat()));
        }
        return e.build();
      }
      case "Dropout" -> {
        if (from >= 12) {
          return n;
        }
        Attribute ratio = e.take("ratio");
        e.take("is_test");
        e.constantInput(1, "ratio", Tensor.scalar(floatType(e, types), ratio == null ? 0.5 : ratio.asFloat()));
        return e.build();
      }
      case "BatchNormalization" -> {
        return batchNorm(e, used);
      }
      case "Resize" -> {
        if (from == 10) {
          e.inputs.add(1, "");
          asymmetric(e);
        } else if ("tf_half_pixel_for_nn".equals(n.attrString("coordinate_transformation_mode", "")) && from < 13) {
          throw e.fail("coordinate_transformation_mode tf_half_pixel_for_nn was removed in opset 13");
        }
        return e.build();
      }
      case "Upsample" -> {
        e.opType = "Resize";
        Attribute scales = e.take("scales");
        if (scales != null) {
          float[] s = scales.asFloats();
          e.constantInput(1, "scales", Tensor.ofFloats(s, s.length));
        }
        e.inputs.add(1, "");
        if ("bilinear".equals(n.attrString("mode", "nearest"))) {
          e.set("mode", "linear");
        }
        asymmetric(e);
        return e.build();
      }
      default -> {
        return n;
      }
    }
  }

  /** Resize 10 and Upsample map output x to input x / scale and pick the floor for nearest. */
  private static void asymmetric(Edit e) {
    e.set("coordinate_transformation_mode", "asymmetric");
    if ("nearest".equals(e.original.attrString("mode", "nearest"))) {
      e.set("nearest_mode", "floor");
    }
  }

  private Node batchNorm(Edit e, Set<String> used) {
    Attribute spatial = e.take("spatial");
    if (spatial != null && spatial.asLong() != 1) {
      throw e.fail("spatial=0 (per-activation statistics) has no opset-18 form");
    }
    if (from >= 14) {
      return e.build();
    }
    boolean training = false;
    for (int i = 1; i < e.outputs.size(); i++) {
      training |= !e.outputs.get(i).isEmpty();
    }
    if (!training) {
      return e.build();
    }
    for (int i = 3; i < e.outputs.size(); i++) {
      String o = e.outputs.get(i);
      if (!o.isEmpty() && used.contains(o)) {
        throw e.fail("output '" + o + "' (saved " + (i == 3 ? "mean" : "variance")
            + ") is used, and BatchNormalization no longer outputs it from opset 14");
      }
    }
    while (e.outputs.size() > 3) {
      e.outputs.remove(e.outputs.size() - 1);
    }
    e.set("training_mode", 1L);
    return e.build();
  }

  private static DataType floatType(Edit e, Map<String, DataType> types) {
    DataType t = types.getOrDefault(e.original.input(0), DataType.FLOAT);
    if (t != DataType.FLOAT && t != DataType.DOUBLE) {
      throw e.fail("its input is " + t + "; fastj upgrades float and double tensors only");
    }
    return t;
  }
}
