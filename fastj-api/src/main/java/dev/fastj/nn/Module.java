package dev.fastj.nn;

/**
 * A layer: an immutable description that emits its computation into a graph. A new layer is one
 * class implementing {@link #forward}; it declares parameters with {@link Emitter#param} and
 * operators with {@link Emitter#op}, and the backend derives gradients from the operators' rules.
 *
 * <pre>{@code
 * Module mlp = Sequential.of(Linear.of(64, 100), ReLU.create(), Linear.of(100, 10));
 * }</pre>
 */
public interface Module {

  /** Emits this layer applied to {@code x} and returns its output. */
  Var forward(Emitter e, Var x);

  /**
   * A hint to the backend: true when the model's graphs should be compiled for each batch size they
   * meet (cached per shape) rather than once for a symbolic batch. ONNX Runtime built the session of
   * an unrolled recurrence of 72 steps in about 10 s with a symbolic batch and about 1 s with a known
   * one, and the gap grows with the length (text classifiers, whose batches vary in length anyway).
   * Default false.
   */
  default boolean staticBatch() {
    return false;
  }

  /** A short description such as {@code Linear(64 -> 10)}, used by summaries and errors. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
