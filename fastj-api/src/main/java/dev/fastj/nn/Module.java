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

  /** A short description such as {@code Linear(64 -> 10)}, used by summaries and errors. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
