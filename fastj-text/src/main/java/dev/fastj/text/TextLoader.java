package dev.fastj.text;

import dev.fastj.data.DataLoader;
import dev.fastj.data.TensorData;
import java.util.Arrays;
import java.util.List;

/** What the language-model and the classifier loaders share: the split's items, their token ids, the batch size. */
abstract class TextLoader implements DataLoader {

  final List<?> items;
  final List<int[]> docs;
  final int bs;

  TextLoader(List<?> items, List<int[]> docs, int bs) {
    if (items.size() != docs.size()) {
      throw new IllegalArgumentException(items.size() + " items but " + docs.size() + " texts");
    }
    this.items = List.copyOf(items);
    this.docs = List.copyOf(docs);
    this.bs = bs;
  }

  @Override
  public int batchSize() {
    return bs;
  }

  @Override
  public int itemCount() {
    return items.size();
  }

  @Override
  public Object item(int index) {
    return items.get(index);
  }

  @Override
  public String describeItem(int index) {
    return DataLoader.nameOf(items.get(index));
  }

  /** The token ids of text {@code index}, INT64 [length]. */
  @Override
  public TensorData decodedInput(int index) {
    int[] d = docs.get(index);
    return TensorData.ofLongs(Arrays.stream(d).asLongStream().toArray(), d.length);
  }
}
