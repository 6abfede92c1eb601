package dev.fastj.onnx.graph;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link Graph}: owns unique naming, inputs, outputs, initializers and nodes, with
 * helpers for the operators fastj emits most. Opset-18 signature details (ReduceSum and
 * ReduceMean axes as an int64 input, Split sizes as input) are hidden in the helpers.
 * Not thread-safe.
 */
public final class GraphBuilder {

  private final String name;
  private final List<ValueInfo> inputs = new ArrayList<>();
  private final List<ValueInfo> outputs = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Tensor> initializers = new LinkedHashMap<>();
  private final List<ValueInfo> valueInfo = new ArrayList<>();
  private final Set<String> used = new HashSet<>();
  private final Map<Tensor, String> constantCache = new LinkedHashMap<>();
  private int counter;

  public GraphBuilder(String name) {
    this.name = name;
  }

  /** A builder holding everything {@code g} has, to extend it. */
  public static GraphBuilder from(Graph g) {
    GraphBuilder b = new GraphBuilder(g.name());
    for (ValueInfo v : g.inputs()) {
      b.addInput(v);
    }
    b.outputs.addAll(g.outputs());
    g.initializers().forEach(b::initializer);
    for (Node n : g.nodes()) {
      b.addNode(n);
      // node names share the namespace of fresh(): a new node must not reuse an old node's name
      b.used.add(n.name());
    }
    b.valueInfo.addAll(g.valueInfo());
    return b;
  }

  /** A name not used yet in this graph, derived from {@code hint}. */
  public String fresh(String hint) {
    String base = hint == null || hint.isEmpty() ? "v" : hint;
    String n = base;
    while (used.contains(n)) {
      n = base + "_" + (++counter);
    }
    used.add(n);
    return n;
  }

  /** True when {@code n} names a value, input or initializer already. */
  public boolean isUsed(String n) {
    return used.contains(n);
  }

  private void claim(String n) {
    checkArgument(!n.isEmpty(), "empty value name");
    checkArgument(used.add(n), "value name %s is used twice in graph %s", n, name);
  }

  /** Adds a graph input; dims use -1 for the symbolic batch. */
  public String input(String inputName, DataType type, long... dims) {
    return addInput(ValueInfo.of(inputName, type, dims));
  }

  public String addInput(ValueInfo v) {
    claim(v.name());
    inputs.add(v);
    return v.name();
  }

  /** Declares {@code valueName} a graph output, with its type and shape when known. */
  public void output(String valueName, DataType type, long... dims) {
    outputs.add(ValueInfo.of(valueName, type, dims));
  }

  /** Declares a graph output with unknown shape. */
  public void output(ValueInfo v) {
    outputs.add(v);
  }

  /** Adds a named initializer (a constant tensor, or a parameter's initial value). */
  public String initializer(String tensorName, Tensor value) {
    if (!initializers.containsKey(tensorName)) {
      if (!used.contains(tensorName)) {
        claim(tensorName);
      }
    }
    initializers.put(tensorName, value);
    return tensorName;
  }

  /** A constant, shared when the same value is asked for twice. */
  public String constant(Tensor value) {
    return constantCache.computeIfAbsent(value, t -> initializer(fresh("const"), t));
  }

  /** A float32 scalar constant. */
  public String scalar(double v) {
    return constant(Tensor.scalar(DataType.FLOAT, v));
  }

  /** A scalar constant of the given type. */
  public String scalar(DataType type, double v) {
    return constant(Tensor.scalar(type, v));
  }

  /** An int64 vector constant (shapes, axes, starts). */
  public String longs(long... values) {
    return constant(Tensor.ofLongs(values, values.length));
  }

  /** Adds an existing node as it is (its output names must be unused). */
  public Node addNode(Node n) {
    for (String o : n.outputs()) {
      if (!o.isEmpty()) {
        claim(o);
      }
    }
    nodes.add(n);
    return n;
  }

  /**
   * Emits a node with {@code nOutputs} fresh outputs and returns their names. Attribute
   * values are plain Java values (see {@link Attribute#of}).
   */
  public List<String> op(String opType, List<String> in, Map<String, ?> attrs, int nOutputs) {
    String nodeName = fresh(opType);
    List<String> outs = new ArrayList<>(nOutputs);
    for (int i = 0; i < nOutputs; i++) {
      outs.add(fresh(nodeName + "_out" + (i == 0 ? "" : String.valueOf(i))));
    }
    Map<String, Attribute> a = new LinkedHashMap<>();
    attrs.forEach((k, v) -> a.put(k, Attribute.of(k, v)));
    nodes.add(new Node(nodeName, opType, "", in, outs, a));
    return outs;
  }

  /** Emits a single-output node. */
  public String op(String opType, List<String> in, Map<String, ?> attrs) {
    return op(opType, in, attrs, 1).get(0);
  }

  /** Emits a single-output node without attributes. */
  public String op(String opType, String... in) {
    return op(opType, List.of(in), Map.of());
  }

  public String add(String a, String b) {
    return op("Add", a, b);
  }

  public String sub(String a, String b) {
    return op("Sub", a, b);
  }

  public String mul(String a, String b) {
    return op("Mul", a, b);
  }

  public String div(String a, String b) {
    return op("Div", a, b);
  }

  public String neg(String a) {
    return op("Neg", a);
  }

  public String matMul(String a, String b) {
    return op("MatMul", a, b);
  }

  public String transpose(String x, long... perm) {
    return op("Transpose", List.of(x), Map.of("perm", perm));
  }

  public String reshape(String x, long... shape) {
    return op("Reshape", x, longs(shape));
  }

  /** ReduceSum over {@code axes} (all axes when empty), opset-18 style. */
  public String reduceSum(String x, boolean keepDims, long... axes) {
    return reduce("ReduceSum", x, keepDims, axes);
  }

  /** ReduceMean over {@code axes} (all axes when empty), opset-18 style. */
  public String reduceMean(String x, boolean keepDims, long... axes) {
    return reduce("ReduceMean", x, keepDims, axes);
  }

  private String reduce(String opType, String x, boolean keepDims, long... axes) {
    List<String> in = axes.length == 0 ? List.of(x) : List.of(x, longs(axes));
    return op(opType, in, Map.of("keepdims", keepDims ? 1L : 0L));
  }

  /** Cast to {@code to}. */
  public String cast(String x, DataType to) {
    return op("Cast", List.of(x), Map.of("to", (long) to.code()));
  }

  /** An Identity node giving {@code x} a second, chosen name (which must be unused). */
  public String identityAs(String x, String outName) {
    claim(outName);
    nodes.add(new Node(fresh("Identity"), "Identity", "", List.of(x), List.of(outName), Map.of()));
    return outName;
  }

  /** Records a type annotation for an intermediate value. */
  public void annotate(ValueInfo v) {
    valueInfo.add(v);
  }

  public List<ValueInfo> inputs() {
    return List.copyOf(inputs);
  }

  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** Number of nodes emitted so far (cheaper than {@link #nodes()} for incremental walks). */
  public int nodeCount() {
    return nodes.size();
  }

  /** The node emitted {@code i}-th, counting from 0. */
  public Node node(int i) {
    return nodes.get(i);
  }

  public Map<String, Tensor> initializers() {
    return java.util.Collections.unmodifiableMap(initializers);
  }

  /** Removes an initializer (to turn it into a graph input, say). */
  public Tensor removeInitializer(String n) {
    return initializers.remove(n);
  }

  public String name() {
    return name;
  }

  /** The graph built so far. */
  public Graph build() {
    // shared constants that no node ended up using are left out (ONNX Runtime warns about each)
    Set<String> referenced = new HashSet<>();
    for (Node n : nodes) {
      referenced.addAll(n.inputs());
      for (Attribute a : n.attributes().values()) {
        if (a.type() == Attribute.Type.GRAPH || a.type() == Attribute.Type.GRAPHS) {
          return new Graph(name, inputs, outputs, nodes, initializers, valueInfo);
        }
      }
    }
    outputs.forEach(o -> referenced.add(o.name()));
    Map<String, Tensor> kept = new LinkedHashMap<>(initializers);
    for (String c : constantCache.values()) {
      if (!referenced.contains(c)) {
        kept.remove(c);
      }
    }
    return new Graph(name, inputs, outputs, nodes, kept, valueInfo);
  }
}
