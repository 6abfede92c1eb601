package dev.fastj.onnx.graph;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable ONNX graph: inputs, outputs, nodes in topological order, initializers (named
 * constant tensors) and optional type annotations of intermediate values. Build one with
 * {@link GraphBuilder}.
 */
public record Graph(String name, List<ValueInfo> inputs, List<ValueInfo> outputs, List<Node> nodes,
    Map<String, Tensor> initializers, List<ValueInfo> valueInfo) {

  public Graph {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    nodes = List.copyOf(nodes);
    initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
    valueInfo = List.copyOf(valueInfo);
  }

  /** The node producing each value, by value name. */
  public Map<String, Node> producers() {
    Map<String, Node> m = new HashMap<>();
    for (Node n : nodes) {
      for (String o : n.outputs()) {
        if (!o.isEmpty()) {
          m.put(o, n);
        }
      }
    }
    return m;
  }

  /** The graph input named {@code n}, or null. */
  public ValueInfo input(String n) {
    for (ValueInfo v : inputs) {
      if (v.name().equals(n)) {
        return v;
      }
    }
    return null;
  }

  /** Names of the graph inputs. */
  public List<String> inputNames() {
    return inputs.stream().map(ValueInfo::name).toList();
  }

  /** Names of the graph outputs. */
  public List<String> outputNames() {
    return outputs.stream().map(ValueInfo::name).toList();
  }
}
