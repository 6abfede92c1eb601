package dev.fastj.onnx.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operator application. Inputs and outputs are value names; an empty string stands for an
 * omitted optional input or output, as in ONNX. Immutable.
 */
public record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
    Map<String, Attribute> attributes) {

  public Node {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    domain = domain == null ? "" : domain;
  }

  /** Input {@code i}, or "" when absent or omitted. */
  public String input(int i) {
    return i < inputs.size() ? inputs.get(i) : "";
  }

  /** True when input {@code i} is given (present and not the empty name). */
  public boolean hasInput(int i) {
    return !input(i).isEmpty();
  }

  public String output(int i) {
    return i < outputs.size() ? outputs.get(i) : "";
  }

  public Attribute attr(String attrName) {
    return attributes.get(attrName);
  }

  public long attrLong(String attrName, long dflt) {
    Attribute a = attributes.get(attrName);
    return a == null ? dflt : a.asLong();
  }

  public float attrFloat(String attrName, float dflt) {
    Attribute a = attributes.get(attrName);
    return a == null ? dflt : a.asFloat();
  }

  public String attrString(String attrName, String dflt) {
    Attribute a = attributes.get(attrName);
    return a == null ? dflt : a.asString();
  }

  /** An ints attribute, or {@code dflt} (may be null) when absent. */
  public long[] attrLongs(String attrName, long[] dflt) {
    Attribute a = attributes.get(attrName);
    return a == null ? dflt : a.asLongs();
  }

  /** A short description for error messages: {@code Conv 'layer1.conv' (x, w) -> (y)}. */
  public String describe() {
    return opType + " '" + name + "' (" + String.join(", ", inputs) + ") -> (" + String.join(", ", outputs) + ")";
  }
}
