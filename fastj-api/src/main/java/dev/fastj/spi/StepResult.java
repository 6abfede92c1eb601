package dev.fastj.spi;

import dev.fastj.data.TensorData;

/**
 * What a training or validation step returns: the mean loss of the batch and the model's raw
 * outputs (before the loss's activation), or null where the caller did not ask for them.
 * {@code stepped} is false when a mixed-precision train step found infinite or NaN gradients
 * (the loss scale was too large) and so kept the parameters and optimizer state unchanged.
 */
public record StepResult(double loss, TensorData output, boolean stepped) {

  /** A result of a step that updated the parameters (or of an evaluation step). */
  public StepResult(double loss, TensorData output) {
    this(loss, output, true);
  }
}
