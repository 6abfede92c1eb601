package dev.fastj.data;

import java.util.List;

/**
 * Splits items into a training and a validation set (fastai's splitters, such as
 * {@code RandomSplitter}); see {@link Splitters} for the built-in ones.
 *
 * @param <T> the item type it understands
 */
@FunctionalInterface
public interface Splitter<T> {

  /** The indices of training and validation items. */
  Split split(List<? extends T> items);
}
