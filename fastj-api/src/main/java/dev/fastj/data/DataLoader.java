package dev.fastj.data;

import java.nio.file.Path;
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

  /**
   * A human-readable name of item {@code index} (its file name), for plots and errors; loaders
   * of other modules name items with {@link #nameOf} so that every message reads the same.
   */
  String describeItem(int index);

  /**
   * An item as users know it, the way fastj's messages and plots name it: {@code parent/file}
   * for a path, {@code csv row N} for a CSV row, otherwise its text cut at 60 characters.
   */
  static String nameOf(Object item) {
    if (item instanceof Path p) {
      Path parent = p.getParent();
      String file = p.getFileName() == null ? p.toString() : p.getFileName().toString();
      return parent == null || parent.getFileName() == null ? file : parent.getFileName() + "/" + file;
    }
    if (item instanceof CsvRow r) {
      return "csv row " + r.line();
    }
    String s = String.valueOf(item);
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /**
   * The decoded input of item {@code index} after item transforms, as it would be shown
   * (an image in [0, 1], channels first): for top-losses plots.
   */
  TensorData decodedInput(int index);

  /** The encoded target(s) of item {@code index} (class index, one-hot, mask, points...). */
  List<TensorData> target(int index);
}
