package dev.fastj.onnx.graph;

import java.util.List;

/**
 * Static shape and type inference for one operator type: given what is known of the inputs,
 * returns the outputs' type and dims (-1 for a symbolic dimension, null dims when unknown).
 * Registered in {@link ShapeRules}.
 */
@FunctionalInterface
public interface ShapeRule {

  /** The inferred outputs of {@code node}, in output order (names as in the node). */
  List<ValueInfo> infer(Node node, ShapeContext ctx);

  /** What a shape rule can ask about a node's inputs. */
  interface ShapeContext {
    /** Static dims of a value (-1 symbolic), or null when unknown. */
    long[] shape(String value);

    /** Element type of a value, or null when unknown. */
    DataType type(String value);

    /** The constant value of {@code value} if it is an initializer or Constant output, else null. */
    Tensor constantValue(String value);

    /**
     * Names of the symbolic dimensions of a value, aligned with {@link #shape} (null entries
     * for static or anonymous dimensions), or null when unknown. Two symbolic dimensions with
     * the same name are the same size; rules propagate names so that broadcasting and the
     * gradient's sum-to-shape can tell a batch dimension from a broadcast one.
     */
    default String[] dimNames(String value) {
      return null;
    }
  }
}
