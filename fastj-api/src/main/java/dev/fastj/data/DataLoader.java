package dev.fastj.data;

import java.util.List;

/**
 * Batches of one split (training, validation or test). Iterating starts a new epoch: training
 * loaders reshuffle (seeded) and drop the last partial batch, validation and test loaders keep
 * order and every item. Mirrors fastai's {@code DataLoader}.
 */
public interface DataLoader extends Iterable<Batch> {

  /** Number of batches one iteration yields. */
  int size();

  /** Rows per batch. */
  int batchSize();

  /** Number of items in the split. */
  int itemCount();

  /** The raw item {@code index} (a Path for image files, a row for CSV data). */
  Object item(int index);

  /** A human-readable name of item {@code index} (its file name), for plots and errors. */
  String describeItem(int index);

  /**
   * The decoded input of item {@code index} after item transforms, as it would be shown
   * (an image in [0, 1], channels first): for top-losses plots.
   */
  TensorData decodedInput(int index);

  /** The encoded target(s) of item {@code index} (class index, one-hot, mask, points...). */
  List<TensorData> target(int index);
}
