package dev.fastj.onnx.compile;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.Emitter;
import dev.fastj.nn.Init;
import dev.fastj.nn.ParamRole;
import dev.fastj.nn.Var;
import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.ShapeInference;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link Emitter} of fastj-onnx-train: layers and losses emit ONNX nodes into a
 * {@link GraphBuilder} through it.
 *
 * <p>Names are scoped with '.': a parameter {@code weight} declared inside
 * {@code scoped("0", ...)} is {@code 0.weight}, and so are the graph values that hold it. In the
 * {@link Mode#TRAIN} and {@link Mode#EVAL} graphs parameters and buffers are graph inputs (their
 * values live in ONNX Runtime tensors between steps); in the {@link Mode#INFERENCE} graph they
 * are initializers holding the values given by {@code constants}. Declaring the same full name
 * twice with the same shape returns the same value (weight tying); with another shape it fails.
 *
 * <p>Static shapes for {@link Var#shape()} come from the {@link ShapeRules}; values whose
 * operator has no rule get a null shape. A shape rule that rejects its inputs fails with the
 * layer scope and the node, which is how a shape mismatch is reported.
 */
public final class GraphEmitter implements Emitter {

  /** Which of the three graphs is being emitted. */
  public enum Mode {
    /** Train step: dropout active, BatchNorm on batch statistics with buffer updates. */
    TRAIN,
    /** Evaluation: BatchNorm on running statistics; parameters and buffers are inputs. */
    EVAL,
    /** Export: as EVAL, with parameters and buffers as constants. */
    INFERENCE
  }

  /**
   * A parameter or buffer declared while emitting.
   *
   * @param name full dotted name, also the graph value that holds it
   * @param shape static shape
   * @param role the parameter's role, null for a buffer
   * @param init how its initial value is drawn, null when {@code initial} is given
   * @param initial the initial value when it came from an imported ONNX file, else null
   */
  public record Declared(String name, long[] shape, ParamRole role, Init init, Tensor initial) {

    /** True for a buffer (running statistics), false for a trainable parameter. */
    public boolean isBuffer() {
      return role == null;
    }
  }

  private final GraphBuilder b;
  private final Mode mode;
  private final Function<String, Tensor> constants;
  private final Map<String, long[]> scopeShapes = new java.util.LinkedHashMap<>();
  private final Deque<String> scope = new ArrayDeque<>();
  private final Map<String, Declared> declared = new LinkedHashMap<>();
  private final Map<String, String> bufferUpdates = new LinkedHashMap<>();
  private final Map<String, String> stateUpdates = new LinkedHashMap<>();
  private final Map<String, Var> topLevelOutputs = new LinkedHashMap<>();
  private final List<Var> lossTerms = new ArrayList<>();
  private final ShapeInference inference;

  /**
   * An emitter writing into {@code builder}.
   *
   * @param constants the current value of each parameter and buffer by full name; used only in
   *     {@link Mode#INFERENCE}, where they become initializers
   */
  public GraphEmitter(GraphBuilder builder, Mode mode, ShapeRules shapeRules, Function<String, Tensor> constants) {
    checkArgument(mode != Mode.INFERENCE || constants != null, "the inference graph needs the parameters' values");
    this.b = builder;
    this.mode = mode;
    this.constants = constants;
    this.inference = new ShapeInference(shapeRules);
  }

  /** The builder nodes go into. */
  public GraphBuilder builder() {
    return b;
  }

  /** The graph being emitted. */
  public Mode mode() {
    return mode;
  }

  /** Declares a graph input (a batch input or the target); dims use -1 for the batch, null for unknown. */
  public Var input(String name, DataType type, long[] dims) {
    b.addInput(new ValueInfo(name, type, dims, null));
    record(name, type, dims);
    return new Var(name, dims == null ? null : dims.clone());
  }

  /** Parameters and buffers in declaration order. */
  public List<Declared> declared() {
    return List.copyOf(declared.values());
  }

  /** Buffer name to the value it takes after a training step, for buffers given one. */
  public Map<String, String> bufferUpdates() {
    return Collections.unmodifiableMap(bufferUpdates);
  }

  /**
   * Buffer name to the value it takes after an evaluation step, for state carried across batches
   * ({@link #updateState}); empty outside {@link Mode#EVAL}.
   */
  public Map<String, String> stateUpdates() {
    return Collections.unmodifiableMap(stateUpdates);
  }

  /** Static dims of a value, or null when unknown. */
  public long[] shapeOf(String value) {
    return inference.shape(value);
  }

  /** Element type of a value, or null when unknown. */
  public DataType typeOf(String value) {
    return inference.type(value);
  }

  /** Records what is known of a value produced outside {@link #op} (imported nodes). */
  void record(String value, DataType type, long[] dims) {
    inference.declare(new ValueInfo(value, type, dims, null));
  }

  /** Records a constant value (an initializer), so reshape targets computed from it fold. */
  void recordConstant(String value, Tensor t) {
    inference.declareConstant(value, t);
  }

  @Override
  public List<Var> op(String opType, List<Var> inputs, Map<String, Object> attributes, int outputs) {
    checkArgument(outputs >= 1, "%s needs at least one output, got %s", opType, outputs);
    List<String> in = new ArrayList<>(inputs.size());
    for (Var v : inputs) {
      in.add(v == null ? "" : v.name());
    }
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    attributes.forEach((k, v) -> attrs.put(k, Attribute.of(k, v)));
    String nodeName = b.fresh(prefixed(opType));
    List<String> outs = new ArrayList<>(outputs);
    for (int i = 0; i < outputs; i++) {
      outs.add(unused(nodeName + (i == 0 ? "" : "_" + i) + "_out"));
    }
    Node node = new Node(nodeName, opType, "", in, outs, attrs);
    b.addNode(node);
    infer(node);
    List<Var> result = new ArrayList<>(outputs);
    for (String o : outs) {
      result.add(new Var(o, shapeOf(o)));
    }
    return result;
  }

  /**
   * Infers the outputs of {@code node}, first checking what the operator needs of its static
   * input shapes (broadcasting, the inner dimension of a matrix product): a mismatch is reported
   * with the layer scope and every input's shape. Where something is unknown the outputs just
   * stay unknown.
   */
  void infer(Node node) {
    String problem = StaticShapeCheck.problem(node, inference);
    if (problem != null) {
      List<String> inShapes = new ArrayList<>();
      for (String i : node.inputs()) {
        long[] s = inference.shape(i);
        inShapes.add(i + (s == null ? "[?]" : Arrays.toString(s)));
      }
      throw new IllegalArgumentException("shape mismatch in layer '" + scopeName() + "' at " + node.opType()
          + " with inputs " + inShapes + ": " + problem);
    }
    inference.infer(node);
  }

  /** Infers the outputs of an imported node, leaving them unknown where a rule cannot tell. */
  void inferLenient(Node node) {
    inference.infer(node);
  }

  @Override
  public Var param(String name, long[] shape, Init init, ParamRole role) {
    checkArgument(role != null, "parameter %s needs a role", name);
    // the optimizer's per-parameter hyper-parameters are [1]: they would turn a scalar into [1]
    checkArgument(shape.length > 0, "parameter %s is a scalar; declare it with shape [1]", prefixed(name));
    return declare(new Declared(prefixed(name), shape.clone(), role, init, null));
  }

  @Override
  public Var buffer(String name, long[] shape, Init init) {
    return declare(new Declared(prefixed(name), shape.clone(), null, init, null));
  }

  /** Declares a parameter or buffer whose initial value is known (imported weights). */
  Var declareImported(String name, ParamRole role, Tensor initial) {
    return declare(new Declared(prefixed(name), initial.dims(), role, null, initial));
  }

  private Var declare(Declared d) {
    Declared earlier = declared.get(d.name());
    if (earlier != null) {
      checkArgument(Arrays.equals(earlier.shape(), d.shape()) && earlier.isBuffer() == d.isBuffer(),
          "%s is declared twice, as %s %s and as %s %s; give each layer its own scope",
          d.name(), earlier.isBuffer() ? "buffer" : "parameter", Arrays.toString(earlier.shape()),
          d.isBuffer() ? "buffer" : "parameter", Arrays.toString(d.shape()));
      return new Var(d.name(), d.shape());
    }
    checkArgument(!b.isUsed(d.name()), "the name %s of a %s is already used by another value of the graph",
        d.name(), d.isBuffer() ? "buffer" : "parameter");
    for (long dim : d.shape()) {
      checkArgument(dim > 0, "%s has a non-positive dimension in shape %s", d.name(), Arrays.toString(d.shape()));
    }
    declared.put(d.name(), d);
    if (mode == Mode.INFERENCE) {
      Tensor value = constants.apply(d.name());
      checkArgument(value != null, "no value for %s in the inference graph", d.name());
      checkArgument(Arrays.equals(value.dims(), d.shape()), "value of %s has shape %s, declared %s",
          d.name(), Arrays.toString(value.dims()), Arrays.toString(d.shape()));
      // not recorded as a constant: folding must never bake a weight into a shape computation
      b.initializer(d.name(), value.cast(DataType.FLOAT));
    } else {
      b.input(d.name(), DataType.FLOAT, d.shape());
    }
    record(d.name(), DataType.FLOAT, d.shape());
    return new Var(d.name(), d.shape());
  }

  @Override
  public void updateBuffer(Var buffer, Var newValue) {
    Declared d = declared.get(buffer.name());
    checkArgument(d != null && d.isBuffer(), "%s is not a buffer declared in this graph", buffer.name());
    if (mode == Mode.TRAIN) {
      // an output that is a graph input would share its buffer, which ONNX Runtime gets silently wrong
      checkArgument(!declared.containsKey(newValue.name()) && !isGraphInput(newValue.name()),
          "buffer %s is updated with %s, which is a graph input; update it with a computed value",
          buffer.name(), newValue.name());
      bufferUpdates.put(buffer.name(), newValue.name());
    }
  }

  /** {@inheritDoc} Recorded in training graphs as {@link #updateBuffer} is, and in evaluation graphs. */
  @Override
  public void updateState(Var buffer, Var newValue) {
    updateBuffer(buffer, newValue);
    if (mode == Mode.EVAL) {
      checkArgument(!declared.containsKey(newValue.name()) && !isGraphInput(newValue.name()),
          "state %s is updated with %s, which is a graph input; update it with a computed value",
          buffer.name(), newValue.name());
      stateUpdates.put(buffer.name(), newValue.name());
    }
  }

  private boolean isGraphInput(String value) {
    for (ValueInfo v : b.inputs()) {
      if (v.name().equals(value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Var constant(float[] values, long... shape) {
    Tensor t = Tensor.ofFloats(values, shape);
    String n = b.constant(t);
    recordConstant(n, t);
    return new Var(n, shape.clone());
  }

  @Override
  public Var constantLongs(long[] values, long... shape) {
    Tensor t = Tensor.ofLongs(values, shape);
    String n = b.constant(t);
    recordConstant(n, t);
    return new Var(n, shape.clone());
  }

  /** A bool scalar initializer (Dropout's training_mode), rather than the default Cast. */
  @Override
  public Var constantBool(boolean value) {
    Tensor t = Tensor.ofBools(new boolean[] {value});
    String n = b.constant(t);
    recordConstant(n, t);
    return new Var(n, new long[0]);
  }

  @Override
  public List<Var> inlineOnnx(Path onnxFile, List<Var> inputs, String... outputNames) {
    return new OnnxInliner(this).inline(onnxFile, inputs, outputNames);
  }

  @Override
  public void addLossTerm(Var scalar) {
    checkArgument(scalar.shape() == null || scalar.shape().length == 0 || java.util.Arrays.stream(scalar.shape())
        .allMatch(d -> d == 1), "the loss term %s must be a scalar, got shape %s; reduce it with ReduceMean",
        scalar.name(), Arrays.toString(scalar.shape()));
    if (mode == Mode.TRAIN) {
      lossTerms.add(scalar);
    }
  }

  /** The terms {@link #addLossTerm} added (training only), in order. */
  public List<Var> lossTerms() {
    return List.copyOf(lossTerms);
  }

  @Override
  public boolean training() {
    return mode == Mode.TRAIN;
  }

  @Override
  public <T> T scoped(String name, Supplier<T> body) {
    checkArgument(name != null && !name.isEmpty(), "scope name must not be empty");
    scope.addLast(name);
    try {
      T result = body.get();
      if (result instanceof Var v) {
        scopeShapes.put(scopeName(), shapeOf(v.name()));
        if (scope.size() == 1) {
          // where a top-level child ends: an export records it so that a reader can cut the graph there
          topLevelOutputs.put(name, new Var(v.name(), shapeOf(v.name())));
        }
      }
      return result;
    } finally {
      scope.removeLast();
    }
  }

  /**
   * The dims of the value each scope returned (any depth, -1 for the batch; null entries when
   * unknown), by dotted scope name in the order the scopes ended: what {@code learn.summary()}
   * lists as each layer's output shape.
   */
  public Map<String, long[]> scopeShapes() {
    return Collections.unmodifiableMap(scopeShapes);
  }

  /**
   * The value each top-level scope returned, by scope name: for a {@code Sequential} model
   * {@code "0"} is where its first child (a vision learner's body) ends. A scope entered twice
   * keeps its last value.
   */
  public Map<String, Var> topLevelOutputs() {
    return Collections.unmodifiableMap(topLevelOutputs);
  }

  /** The current scope, dotted ("" at the top). */
  public String scopeName() {
    return String.join(".", scope);
  }

  /** {@code name} inside the current scope. */
  String prefixed(String name) {
    return scope.isEmpty() ? name : scopeName() + "." + name;
  }

  /** A name no value uses yet, derived from {@code hint}, not claimed (addNode claims it). */
  String unused(String hint) {
    if (!b.isUsed(hint)) {
      return hint;
    }
    int k = 1;
    while (b.isUsed(hint + "_" + k)) {
      k++;
    }
    return hint + "_" + k;
  }
}
