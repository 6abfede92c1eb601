package dev.fastj.spi;

import dev.fastj.data.TensorData;

/**
 * What a training or validation step returns: the mean loss of the batch and the model's raw
 * outputs (before the loss's activation), or null where the caller did not ask for them.
 */
public record StepResult(double loss, TensorData output) {}
