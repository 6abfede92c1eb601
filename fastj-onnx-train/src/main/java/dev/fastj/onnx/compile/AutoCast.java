package dev.fastj.onnx.compile;

import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.ShapeInference;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.ValueInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a float32 forward graph for mixed precision, as PyTorch's autocast does for fastai's
 * {@code to_fp16}: matrix products and convolutions run in float16, operators that merely move
 * or combine values run in whatever precision reaches them, and everything else (BatchNorm,
 * softmax, exponentials, logarithms, reductions, losses) runs in float32.
 *
 * <p>The rewrite only inserts Cast nodes and retypes outputs: every value keeps its name, so the
 * caller's references (the loss, buffer updates) stay valid, and the parameters stay float32
 * graph inputs (their float16 copies are Casts, whose gradient casts back to float32). Values the
 * caller reads as float32 and that became float16 get a float32 copy under a new name.
 */
final class AutoCast {

  /** Operators computed in float16: where tensor cores and the halved bandwidth pay. */
  private static final Set<String> HALF = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul");

  /**
   * Operators that are exact or well-conditioned in float16, with the inputs that share their
   * element type T (empty: every input); they run in float16 when every non-constant T input
   * arrives in float16, else in float32.
   */
  private static final Map<String, int[]> FOLLOW = follow();

  private static Map<String, int[]> follow() {
    Map<String, int[]> m = new HashMap<>();
    for (String op : List.of("Relu", "LeakyRelu", "Tanh", "Neg", "Abs", "Identity", "Flatten", "Transpose",
        "Concat", "GlobalAveragePool", "GlobalMaxPool", "Add", "Sub", "Mul", "Div", "Max", "Min", "Clip")) {
      m.put(op, new int[0]);
    }
    for (String op : List.of("Reshape", "Squeeze", "Unsqueeze", "Slice", "Split", "Gather", "MaxPool", "AveragePool",
        "Resize", "Dropout", "Expand", "Tile")) {
      m.put(op, new int[] {0});
    }
    m.put("Pad", new int[] {0, 2});
    m.put("Where", new int[] {1, 2});
    return Map.copyOf(m);
  }

  /** Outputs of FOLLOW operators that are not of type T. */
  private static boolean isTypedOutput(Node n, int i) {
    return !((n.opType().equals("MaxPool") || n.opType().equals("Dropout")) && i == 1);
  }

  private AutoCast() {}

  /**
   * The rewritten graph and, for each of {@code keepFloat} that became float16, the name of
   * its float32 copy.
   */
  record Result(GraphBuilder builder, Map<String, String> renamed, int halfNodes) {

    /** The float32 name of {@code value}: its copy when it became float16, else itself. */
    String floatName(String value) {
      return renamed.getOrDefault(value, value);
    }
  }

  /**
   * Rewrites the graph built so far by {@code b} (which has no outputs yet). {@code keepFloat}
   * lists values the caller will read or output as float32.
   */
  static Result apply(GraphBuilder b, ShapeRules shapes, Collection<String> keepFloat) {
    Graph g = b.build();
    ShapeInference si = new ShapeInference(shapes);
    si.declareGraph(g);
    Set<String> names = new HashSet<>(si.values().keySet());
    for (Node n : g.nodes()) {
      names.addAll(n.outputs());
    }
    Rewriter r = new Rewriter(si, names);
    for (Node n : g.nodes()) {
      r.rewrite(n);
    }
    Map<String, String> renamed = new LinkedHashMap<>();
    for (String v : keepFloat) {
      if (r.half.contains(v)) {
        renamed.put(v, r.castTo(v, DataType.FLOAT));
      }
    }
    List<ValueInfo> valueInfo = new ArrayList<>();
    for (ValueInfo v : g.valueInfo()) {
      valueInfo.add(r.half.contains(v.name()) ? new ValueInfo(v.name(), DataType.FLOAT16, v.dims(), v.dimNames()) : v);
    }
    Graph out = new Graph(g.name(), g.inputs(), g.outputs(), r.nodes, g.initializers(), valueInfo);
    return new Result(GraphBuilder.from(out), renamed, r.halfNodes);
  }

  private static final class Rewriter {
    final ShapeInference si;
    final Set<String> names;
    final List<Node> nodes = new ArrayList<>();
    /** Values that are float16 after the rewrite (all were float32 before). */
    final Set<String> half = new HashSet<>();
    /** Cast copies made so far, by value and target type, so that each value is cast once. */
    final Map<String, String> casts = new HashMap<>();
    int halfNodes;

    Rewriter(ShapeInference si, Set<String> names) {
      this.si = si;
      this.names = names;
    }

    void rewrite(Node n) {
      String op = n.domain().isEmpty() ? n.opType() : "";
      List<String> in = new ArrayList<>(n.inputs());
      boolean toHalf;
      if (HALF.contains(op)) {
        toHalf = true;
        for (int i = 0; i < in.size(); i++) {
          in.set(i, as(in.get(i), DataType.FLOAT16));
        }
      } else if (FOLLOW.containsKey(op)) {
        toHalf = follow(n, in);
      } else {
        toHalf = false;
        for (int i = 0; i < in.size(); i++) {
          in.set(i, as(in.get(i), DataType.FLOAT));
        }
      }
      if (toHalf) {
        halfNodes++;
        for (int i = 0; i < n.outputs().size(); i++) {
          String o = n.outputs().get(i);
          if (!o.isEmpty() && (HALF.contains(op) || isTypedOutput(n, i))) {
            half.add(o);
          }
        }
      }
      nodes.add(new Node(n.name(), n.opType(), n.domain(), in, n.outputs(), n.attributes()));
    }

    /** Decides a FOLLOW node's precision and casts its T inputs to it; true for float16. */
    private boolean follow(Node n, List<String> in) {
      int[] typed = FOLLOW.get(n.opType());
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < in.size(); i++) {
        if (!in.get(i).isEmpty() && (typed.length == 0 || contains(typed, i))) {
          idx.add(i);
        }
      }
      boolean floating = false;
      boolean anyHalf = false;
      boolean anyFloatVariable = false;
      for (int i : idx) {
        String v = in.get(i);
        boolean h = half.contains(v);
        boolean f = h || si.type(v) == DataType.FLOAT;
        floating |= f;
        anyHalf |= h;
        // constants (scalars such as a dropout scale) follow the variables' precision
        anyFloatVariable |= f && !h && si.constantValue(v) == null;
      }
      if (!floating || !anyHalf) {
        return false;
      }
      DataType t = anyFloatVariable ? DataType.FLOAT : DataType.FLOAT16;
      for (int i : idx) {
        in.set(i, as(in.get(i), t));
      }
      return t == DataType.FLOAT16;
    }

    private static boolean contains(int[] a, int v) {
      for (int x : a) {
        if (x == v) {
          return true;
        }
      }
      return false;
    }

    /** {@code v} in precision {@code t}: itself, or a Cast copy when it has the other float type. */
    private String as(String v, DataType t) {
      if (v.isEmpty()) {
        return v;
      }
      boolean isHalf = half.contains(v);
      if (t == DataType.FLOAT16 ? isHalf : !isHalf) {
        return v;
      }
      if (t == DataType.FLOAT16 && si.type(v) != DataType.FLOAT && si.type(v) != null) {
        return v;
      }
      return castTo(v, t);
    }

    String castTo(String v, DataType t) {
      String key = v + (t == DataType.FLOAT16 ? "\u0000h" : "\u0000f");
      String c = casts.get(key);
      if (c == null) {
        c = unique(v + (t == DataType.FLOAT16 ? "_f16" : "_f32"));
        nodes.add(new Node(c + "_cast", "Cast", "", List.of(v), List.of(c),
            Map.of("to", Attribute.of("to", (long) t.code()))));
        casts.put(key, c);
        if (t == DataType.FLOAT16) {
          half.add(c);
        }
      }
      return c;
    }

    private String unique(String base) {
      String n = base;
      int k = 0;
      while (!names.add(n)) {
        n = base + "_" + (++k);
      }
      return n;
    }
  }
}
