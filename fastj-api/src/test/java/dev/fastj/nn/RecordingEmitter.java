package dev.fastj.nn;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A test {@link Emitter} that records nodes, parameters, buffers and buffer updates, and infers
 * static shapes (-1 for the symbolic batch) for the operators the layers emit. It fails on an
 * operator it does not know, on inconsistent shapes and on duplicate parameter names, so a layer
 * that emits something unexpected makes its test fail.
 */
public final class RecordingEmitter implements Emitter {

  /** One emitted node. */
  public record Node(String opType, List<Var> inputs, Map<String, Object> attributes, List<Var> outputs, String scope) {}

  /** One declared parameter. */
  public record Param(String name, long[] shape, Init init, ParamRole role) {
    public long numel() {
      return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }
  }

  /** One declared buffer. */
  public record Buffer(String name, long[] shape, Init init, Var var) {}

  /** One inlined ONNX file. */
  public record Inlined(Path file, List<Var> inputs, List<String> outputNames, String scope) {}

  public final List<Node> nodes = new ArrayList<>();
  public final Map<String, Param> params = new LinkedHashMap<>();
  public final Map<String, Var> paramVars = new LinkedHashMap<>();
  public final Map<String, Buffer> buffers = new LinkedHashMap<>();
  public final Map<String, Var> updates = new LinkedHashMap<>();
  public final Map<String, float[]> floatConstants = new LinkedHashMap<>();
  public final Map<String, long[]> longConstants = new LinkedHashMap<>();
  public final List<Inlined> inlined = new ArrayList<>();
  private final Deque<String> scope = new ArrayDeque<>();
  private final boolean training;
  private int counter;

  public RecordingEmitter(boolean training) {
    this.training = training;
  }

  /** A graph input of the given shape (-1 for the batch). */
  public Var input(long... shape) {
    return new Var("input" + counter++, shape.clone());
  }

  /** Total number of trainable values. */
  public long paramCount() {
    return params.values().stream().mapToLong(Param::numel).sum();
  }

  /** The nodes of type {@code opType}. */
  public List<Node> nodesOf(String opType) {
    return nodes.stream().filter(n -> n.opType().equals(opType)).toList();
  }

  /** The node that produced {@code v}, or null for inputs, params and constants. */
  public Node producer(Var v) {
    for (Node n : nodes) {
      for (Var o : n.outputs()) {
        if (o.name().equals(v.name())) {
          return n;
        }
      }
    }
    return null;
  }

  private String fullName(String name) {
    return scope.isEmpty() ? name : String.join(".", scope) + "." + name;
  }

  @Override
  public List<Var> op(String opType, List<Var> inputs, Map<String, Object> attributes, int outputs) {
    List<long[]> shapes = ShapeInference.infer(this, opType, inputs, attributes, outputs);
    List<Var> outs = new ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      outs.add(new Var(opType + "_" + counter++, shapes.get(i)));
    }
    nodes.add(new Node(opType, List.copyOf(inputs), Map.copyOf(attributes), outs, String.join(".", scope)));
    return outs;
  }

  @Override
  public Var param(String name, long[] shape, Init init, ParamRole role) {
    String full = fullName(name);
    if (params.containsKey(full) || buffers.containsKey(full)) {
      throw new IllegalStateException("duplicate parameter name " + full);
    }
    params.put(full, new Param(full, shape.clone(), init, role));
    Var v = new Var(full, shape.clone());
    paramVars.put(full, v);
    return v;
  }

  @Override
  public Var buffer(String name, long[] shape, Init init) {
    String full = fullName(name);
    if (params.containsKey(full) || buffers.containsKey(full)) {
      throw new IllegalStateException("duplicate buffer name " + full);
    }
    Var v = new Var(full, shape.clone());
    buffers.put(full, new Buffer(full, shape.clone(), init, v));
    return v;
  }

  @Override
  public void updateBuffer(Var buffer, Var newValue) {
    if (!buffers.containsKey(buffer.name())) {
      throw new IllegalStateException("not a buffer: " + buffer.name());
    }
    if (newValue.shape() != null && !Arrays.equals(buffer.shape(), newValue.shape())) {
      throw new IllegalStateException("update of " + buffer.name() + " has shape " + Arrays.toString(newValue.shape())
          + ", buffer has " + Arrays.toString(buffer.shape()));
    }
    if (training) {
      updates.put(buffer.name(), newValue);
    }
  }

  @Override
  public Var constant(float[] values, long... shape) {
    check(values.length, shape);
    Var v = new Var("const" + counter++, shape.clone());
    floatConstants.put(v.name(), values.clone());
    return v;
  }

  @Override
  public Var constantLongs(long[] values, long... shape) {
    check(values.length, shape);
    Var v = new Var("const" + counter++, shape.clone());
    longConstants.put(v.name(), values.clone());
    return v;
  }

  private static void check(int n, long[] shape) {
    long numel = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    if (numel != n) {
      throw new IllegalStateException(n + " constant values for shape " + Arrays.toString(shape));
    }
  }

  @Override
  public List<Var> inlineOnnx(Path onnxFile, List<Var> inputs, String... outputNames) {
    inlined.add(new Inlined(onnxFile, List.copyOf(inputs), List.of(outputNames), String.join(".", scope)));
    List<Var> outs = new ArrayList<>();
    int n = Math.max(1, outputNames.length);
    for (int i = 0; i < n; i++) {
      outs.add(new Var("inlined" + counter++, null));
    }
    return outs;
  }

  @Override
  public boolean training() {
    return training;
  }

  @Override
  public <T> T scoped(String name, Supplier<T> body) {
    scope.addLast(name);
    try {
      return body.get();
    } finally {
      scope.removeLast();
    }
  }
}
