package dev.fastj.nn;

import dev.fastj.data.TensorData;

/**
 * A loss function: emits the scalar loss of a batch from the model's raw output and the target,
 * and turns raw outputs into the values users see ({@link #activation}: softmax probabilities
 * for cross-entropy, sigmoid for binary cross-entropy, identity for regression).
 * Mirrors fastai's loss functions with {@code activation} and {@code decodes}.
 */
public interface Loss {

  /** Emits the mean loss over the batch (a scalar). {@code target} has the target's dtype. */
  Var forward(Emitter e, Var output, Var target);

  /**
   * Applies the activation to raw outputs, in place or as a new tensor, rows first.
   * The default is the identity.
   */
  default TensorData activation(TensorData rawOutput) {
    return rawOutput;
  }

  /** Element type the loss expects targets in (INT64 class indices, FLOAT32 otherwise). */
  TensorData.DType targetType();

  /** fastai's name, for summaries. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
