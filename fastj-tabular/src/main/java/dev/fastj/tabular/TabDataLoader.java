package dev.fastj.tabular;

import dev.fastj.data.Batch;
import dev.fastj.data.DataLoader;
import dev.fastj.data.TensorData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * The loader of one split of a {@link TabularDataLoaders} (fastai's {@code TabDataLoader}): its
 * rows encoded once, batches gathered from them. Test loaders encode their rows (raw items) a
 * batch at a time and have no targets.
 */
final class TabDataLoader implements DataLoader {

  private final TabularDataLoaders owner;
  private final Table table;
  private final List<?> items;
  private final TabularRecipe.Encoded x;
  private final long[] yClass;
  private final float[] yValue;
  private final int nY;
  private final int bs;
  private final boolean training;
  private final long seed;
  private int epoch;

  /** A labelled split of the table. */
  TabDataLoader(TabularDataLoaders owner, Table table, int bs, boolean training, long seed) {
    this.owner = owner;
    this.table = table;
    this.items = null;
    this.x = owner.recipe().encodeTable(table);
    TabularTargets t = owner.targets();
    this.yClass = t.regression() ? null : t.classes(table);
    this.yValue = t.regression() ? t.values(table) : null;
    this.nY = t.names().size();
    this.bs = bs;
    this.training = training;
    this.seed = seed;
  }

  /** Raw rows without labels (fastai's {@code test_dl}). */
  TabDataLoader(TabularDataLoaders owner, List<?> items, int bs) {
    this.owner = owner;
    this.table = null;
    this.items = List.copyOf(items);
    this.x = null;
    this.yClass = null;
    this.yValue = null;
    this.nY = 0;
    this.bs = bs;
    this.training = false;
    this.seed = 0;
  }

  @Override
  public int size() {
    int n = itemCount();
    return training ? n / bs : (n + bs - 1) / bs;
  }

  @Override
  public int batchSize() {
    return bs;
  }

  @Override
  public int itemCount() {
    return table != null ? table.rowCount() : items.size();
  }

  /** The row as read: a {@code CsvRow} of the table, or the raw item of a test loader. */
  @Override
  public Object item(int index) {
    return table != null ? table.rows().get(index) : items.get(index);
  }

  @Override
  public String describeItem(int index) {
    return table != null ? "line " + table.line(index) : owner.recipe().describe(items.get(index));
  }

  /** The encoded row: its categorical codes then its normalized continuous values, as floats. */
  @Override
  public TensorData decodedInput(int index) {
    List<TensorData> in = table != null ? rows(new int[] {index}) : owner.recipe().encode(List.of(items.get(index)));
    List<Float> v = new ArrayList<>();
    for (TensorData t : in) {
      for (float f : t.toFloatArray()) {
        v.add(f);
      }
    }
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i);
    }
    return TensorData.ofFloats(out, out.length);
  }

  @Override
  public List<TensorData> target(int index) {
    if (table == null) {
      return List.of();
    }
    return List.of(yClass != null ? TensorData.ofLongs(new long[] {yClass[index]})
        : TensorData.ofFloats(java.util.Arrays.copyOfRange(yValue, index * nY, (index + 1) * nY), nY));
  }

  /** The inputs of the rows at {@code idx}. */
  List<TensorData> rows(int[] idx) {
    int nc = owner.recipe().catNames().size();
    int k = owner.recipe().contNames().size();
    long[] cats = new long[idx.length * nc];
    float[] conts = new float[idx.length * k];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(x.cats(), idx[i] * nc, cats, i * nc, nc);
      System.arraycopy(x.conts(), idx[i] * k, conts, i * k, k);
    }
    return owner.recipe().tensors(new TabularRecipe.Encoded(idx.length, cats, conts));
  }

  private List<TensorData> targets(int[] idx) {
    if (yClass != null) {
      long[] y = new long[idx.length];
      for (int i = 0; i < idx.length; i++) {
        y[i] = yClass[idx[i]];
      }
      return List.of(TensorData.ofLongs(y, idx.length));
    }
    float[] y = new float[idx.length * nY];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(yValue, idx[i] * nY, y, i * nY, nY);
    }
    return List.of(TensorData.ofFloats(y, idx.length, nY));
  }

  /** The order of the rows of the next epoch: shuffled (seeded by seed and epoch) when training. */
  int[] order(long e) {
    int n = itemCount();
    int[] pos = new int[n];
    for (int i = 0; i < n; i++) {
      pos[i] = i;
    }
    if (training) {
      Random rnd = new Random(seed * 1_000_003L + e);
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = pos[i];
        pos[i] = pos[j];
        pos[j] = t;
      }
    }
    return pos;
  }

  /**
   * The first batch of a shuffle that no epoch uses, for display: showing a batch leaves the
   * epochs' shuffles (and so a seeded training run) as they were.
   */
  Batch showBatch() {
    int[] order = order(-1);
    int[] idx = java.util.Arrays.copyOfRange(order, 0, Math.min(bs, order.length));
    return table == null ? new Batch(owner.recipe().encode(items.subList(0, idx.length)), List.of(), idx)
        : new Batch(rows(idx), targets(idx), idx);
  }

  @Override
  public Iterator<Batch> iterator() {
    int[] order = order(training ? epoch++ : 0);
    int batches = size();
    return new Iterator<>() {
      private int b;

      @Override
      public boolean hasNext() {
        return b < batches;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more batches in this epoch");
        }
        int from = b * bs;
        int to = Math.min(order.length, from + bs);
        b++;
        int[] idx = java.util.Arrays.copyOfRange(order, from, to);
        if (table == null) {
          return new Batch(owner.recipe().encode(items.subList(from, to)), List.of(), idx);
        }
        return new Batch(rows(idx), targets(idx), idx);
      }
    };
  }
}
