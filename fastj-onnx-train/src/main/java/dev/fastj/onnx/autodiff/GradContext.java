package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What a {@link GradientRule} sees of the graph while it emits one node's backward: the builder
 * to emit into, the gradients flowing into the node's outputs, which inputs need gradients,
 * and the static types, shapes and constant values known of any value.
 */
public interface GradContext {

  /** The builder holding the forward graph, where backward nodes go. */
  GraphBuilder builder();

  /** Name of the gradient of the node's output {@code i}, or null when none flows into it. */
  String gradOutput(int i);

  /** True when the node's input {@code i} is present and a gradient must be computed for it. */
  boolean needsGrad(int i);

  /**
   * Gives the gradient of the node's input {@code i}. It must have the input's shape exactly
   * (rules reduce broadcast dimensions themselves, {@link #sumToShape} helps); gradients
   * reaching a value from several uses are summed by the engine.
   */
  void addGradInput(int i, String grad);

  /**
   * Gives the gradient of the node's input {@code i} as the product {@code a^T b} of two matrices
   * contracted over their rows ({@code a} [M, K], {@code b} [M, N], the input [K, N]; M may be
   * symbolic): the weight side of a matrix product. The engine may defer it and, when one value
   * receives several such products, emit one product over their rows concatenated instead of
   * one each; this default emits it at once.
   */
  default void addGradProduct(int i, String a, String b) {
    if (needsGrad(i)) {
      addGradInput(i, builder().op("Gemm", List.of(a, b), Map.of("transA", 1L)));
    }
  }

  /**
   * Static dims of a value: -1 for a symbolic dimension (the batch), or null when even the rank
   * is unknown.
   */
  long[] shape(String value);

  /** Element type of a value (FLOAT unless inferred otherwise). */
  DataType type(String value);

  /** The value of {@code value} when it is a constant (initializer not being trained, or Constant node), else null. */
  Tensor constantValue(String value);

  /**
   * Reduces {@code grad} (shaped like the broadcast result {@code resultValue}) to the shape of
   * {@code target}, undoing numpy broadcasting: sums over leading extra axes and over axes where
   * the target has size 1.
   *
   * <p>When the shapes tell which axes those are (ranks known, each aligned pair of dims static
   * or the same named symbol such as the batch), it emits at most two ReduceSums with constant
   * axes, or nothing. Otherwise it emits a dynamic formulation from Shape, Size, Range and
   * NonZero that is correct for any shapes at run time, at the cost of a few small int64 nodes.
   */
  String sumToShape(String grad, String resultValue, String target);

  /**
   * Names of the symbolic dims of a value, aligned with {@link #shape} (null entries for static
   * or anonymous dims), or null when unknown. Equal names mean equal sizes (the batch).
   */
  default String[] dimNames(String value) {
    return null;
  }
}
