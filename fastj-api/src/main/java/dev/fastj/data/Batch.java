package dev.fastj.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * One collated mini-batch: the model's inputs, the targets (empty for test data), and the
 * indices of its items in the data set they came from (so interpretation can find the files).
 *
 * @param inputs model inputs, batch dimension first
 * @param targets targets, batch dimension first; empty when the data has no labels
 * @param itemIndices index of each row's item in its data set
 */
public record Batch(List<TensorData> inputs, List<TensorData> targets, int[] itemIndices) {

  public Batch {
    inputs = List.copyOf(inputs);
    targets = List.copyOf(targets);
    checkArgument(!inputs.isEmpty(), "a batch needs at least one input");
  }

  /** Number of rows (the batch dimension of the first input). */
  public int size() {
    return (int) inputs.get(0).dim(0);
  }

  /** The single input; fails when the model has several. */
  public TensorData input() {
    checkArgument(inputs.size() == 1, "batch has %s inputs, not 1", inputs.size());
    return inputs.get(0);
  }

  /** The single target; fails when there is none or several. */
  public TensorData target() {
    checkArgument(targets.size() == 1, "batch has %s targets, not 1", targets.size());
    return targets.get(0);
  }
}
