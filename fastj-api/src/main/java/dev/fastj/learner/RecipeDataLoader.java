package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Batch;
import dev.fastj.data.DataLoader;
import dev.fastj.data.TensorData;
import dev.fastj.spi.InputRecipe;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The test loader of a loaded Learner ({@code learn.testDl(items)}): raw items, in order, encoded
 * by the export's {@link InputRecipe} a batch at a time, without targets.
 */
final class RecipeDataLoader implements DataLoader {

  private final InputRecipe recipe;
  private final List<?> items;
  private final int bs;

  RecipeDataLoader(InputRecipe recipe, List<?> items, int bs) {
    checkArgument(!items.isEmpty(), "testDl needs at least one item");
    this.recipe = recipe;
    this.items = List.copyOf(items);
    this.bs = bs;
  }

  @Override
  public int size() {
    return (items.size() + bs - 1) / bs;
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
    return recipe.describe(items.get(index));
  }

  @Override
  public TensorData decodedInput(int index) {
    return recipe.encode(List.of(items.get(index))).get(0);
  }

  @Override
  public List<TensorData> target(int index) {
    return List.of();
  }

  @Override
  public Iterator<Batch> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < items.size();
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more batches");
        }
        int to = Math.min(items.size(), next + bs);
        int[] idx = new int[to - next];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = next + i;
        }
        Batch b = new Batch(recipe.encode(items.subList(next, to)), List.of(), idx);
        next = to;
        return b;
      }
    };
  }
}
