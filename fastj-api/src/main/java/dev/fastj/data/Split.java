package dev.fastj.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The result of a {@link Splitter}: indices of training and validation items. Items in neither
 * list are left out (as with fastai's {@code GrandparentSplitter} on a {@code test} folder).
 *
 * @param train indices of training items, in item order
 * @param valid indices of validation items, in item order
 */
public record Split(int[] train, int[] valid) {

  public Split {
    train = train.clone();
    valid = valid.clone();
  }

  /** Indices of training items (a copy). */
  @Override
  public int[] train() {
    return train.clone();
  }

  /** Indices of validation items (a copy). */
  @Override
  public int[] valid() {
    return valid.clone();
  }

  /** Fails when an index is outside {@code [0, itemCount)} or in both lists. */
  public Split checked(int itemCount) {
    BitSet seen = new BitSet(itemCount);
    for (int i : train) {
      checkArgument(i >= 0 && i < itemCount, "split index %s is outside the %s items", i, itemCount);
      seen.set(i);
    }
    for (int i : valid) {
      checkArgument(i >= 0 && i < itemCount, "split index %s is outside the %s items", i, itemCount);
      checkArgument(!seen.get(i), "item %s is in both the training and the validation set; fix the splitter", i);
    }
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Split s && Arrays.equals(train, s.train) && Arrays.equals(valid, s.valid);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(train) + Arrays.hashCode(valid);
  }

  @Override
  public String toString() {
    return "Split[train=" + train.length + " items, valid=" + valid.length + " items]";
  }
}
