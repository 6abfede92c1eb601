package dev.fastj.data.internal;

import dev.fastj.data.Batch;
import dev.fastj.data.BatchContext;
import dev.fastj.data.DataLoader;
import dev.fastj.data.TensorData;
import dev.fastj.data.TransformContext;
import dev.fastj.vision.image.ImageReadException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loader of one split. Items are decoded and item-transformed as separate tasks on the
 * owner's pool; when a batch's items are ready, collation and batch transforms run as one more
 * task, while the consumer works on an earlier batch ({@code prefetch} batches ahead). Every
 * random draw comes from a generator seeded by (seed, epoch, item or batch number), so batches do
 * not depend on thread scheduling.
 */
final class BlockDataLoader implements DataLoader {

  private static final long SHUFFLE = -1;
  private static final long SHOW = -2;

  private final BlockDataLoaders owner;
  private final Pipeline pipeline;
  private final List<?> items;
  private final Object[][] raw;
  private final int[] indices;
  private final int bs;
  private final boolean training;
  private final boolean withTargets;
  private final AtomicLong epochs = new AtomicLong();

  BlockDataLoader(BlockDataLoaders owner, Pipeline pipeline, List<?> items, Object[][] raw, int[] indices, int bs,
      boolean training, boolean withTargets) {
    this.owner = owner;
    this.pipeline = pipeline;
    this.items = items;
    this.raw = raw;
    this.indices = indices.clone();
    this.bs = bs;
    this.training = training;
    this.withTargets = withTargets;
  }

  @Override
  public int size() {
    int n = usable().length;
    return training ? n / bs : (n + bs - 1) / bs;
  }

  @Override
  public int batchSize() {
    return bs;
  }

  @Override
  public int itemCount() {
    return indices.length;
  }

  @Override
  public Object item(int index) {
    return items.get(indices[index]);
  }

  /** Index in the whole item list of position {@code index} of this split. */
  int globalIndex(int index) {
    return indices[index];
  }

  Pipeline pipeline() {
    return pipeline;
  }

  @Override
  public String describeItem(int index) {
    return DataLoader.nameOf(item(index));
  }

  @Override
  public TensorData decodedInput(int index) {
    return dropBatchDim(single(index).get(0));
  }

  @Override
  public List<TensorData> target(int index) {
    List<TensorData> parts = single(index);
    List<TensorData> out = new ArrayList<>();
    for (int i = pipeline.nInp(); i < parts.size(); i++) {
      out.add(dropBatchDim(parts.get(i)));
    }
    return out;
  }

  /** The item after type and item transforms in validation mode (no randomness); throws when unreadable. */
  List<Object> sample(int index, boolean train, long epoch) {
    int global = indices[index];
    String name = DataLoader.nameOf(items.get(global));
    Object[] r = rawOf(global);
    TransformContext ctx = new TransformContext(train, new Random(Seeds.of(owner.seed(), epoch, global)), name);
    return pipeline.applyItemTfms(pipeline.encode(r, name), ctx);
  }

  private List<TensorData> single(int index) {
    return pipeline.collate(List.of(sample(index, false, 0)), List.of(describeItem(index)));
  }

  private Object[] rawOf(int global) {
    if (raw != null) {
      return raw[global];
    }
    Object[] r = new Object[pipeline.blocks().size()];
    for (int b = 0; b < r.length; b++) {
      r[b] = pipeline.raw(b, items.get(global));
    }
    return r;
  }

  private static TensorData dropBatchDim(TensorData t) {
    long[] s = t.shape();
    return TensorData.wrap(t.dtype(), t.buffer(), Arrays.copyOfRange(s, 1, s.length));
  }

  /** Positions (into this split) not known to be unreadable. */
  private int[] usable() {
    return java.util.stream.IntStream.range(0, indices.length).filter(i -> !owner.isSkipped(indices[i])).toArray();
  }

  /** The order of positions for {@code epoch}: shuffled (seeded) on training, as given otherwise. */
  int[] order(long epoch) {
    int[] pos = usable();
    if (training) {
      Random rnd = new Random(Seeds.of(owner.seed(), epoch, SHUFFLE));
      for (int i = pos.length - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = pos[i];
        pos[i] = pos[j];
        pos[j] = t;
      }
    }
    return pos;
  }

  /** Samples (for display) of the first {@code n} items of the training order, with training transforms. */
  List<List<Object>> showSamples(int n, List<Integer> positions) {
    int[] pos = order(SHOW);
    List<List<Object>> out = new ArrayList<>();
    for (int i = 0; i < pos.length && out.size() < n; i++) {
      List<Object> s = load(pos[i], training, SHOW);
      if (s != null) {
        out.add(s);
        positions.add(pos[i]);
      }
    }
    return out;
  }

  /** Loads one item, or returns null when it is unreadable and the policy is to skip. */
  private List<Object> load(int position, boolean train, long epoch) {
    try {
      return sample(position, train, epoch);
    } catch (ImageReadException e) {
      owner.badItem(indices[position], describeItem(position), e);
      return null;
    }
  }

  @Override
  public Iterator<Batch> iterator() {
    long epoch = training ? epochs.getAndIncrement() : 0;
    return new BatchIterator(epoch, order(epoch));
  }

  private CompletableFuture<Batch> submit(int[] positions, long epoch, int batchNo) {
    List<CompletableFuture<List<Object>>> fs = new ArrayList<>(positions.length);
    for (int p : positions) {
      fs.add(CompletableFuture.supplyAsync(() -> load(p, training, epoch), owner.pool()));
    }
    return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new))
        .thenApplyAsync(v -> assemble(positions, fs, epoch, batchNo), owner.pool());
  }

  private Batch assemble(int[] positions, List<CompletableFuture<List<Object>>> fs, long epoch, int batchNo) {
    List<List<Object>> samples = new ArrayList<>(positions.length);
    List<String> names = new ArrayList<>(positions.length);
    int[] kept = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      List<Object> s = fs.get(i).join();
      if (s != null) {
        kept[samples.size()] = positions[i];
        samples.add(s);
        names.add(describeItem(positions[i]));
      }
    }
    if (samples.isEmpty()) {
      return null;
    }
    List<TensorData> parts = pipeline.collate(samples, names);
    BatchContext ctx = new BatchContext(training, new Random(Seeds.of(owner.seed(), epoch, SHUFFLE - 10 - batchNo)),
        owner.pool());
    parts = pipeline.applyBatchTfms(parts, ctx);
    int nIn = Math.min(pipeline.nInp(), parts.size());
    List<TensorData> targets = withTargets ? parts.subList(nIn, parts.size()) : List.of();
    return new Batch(parts.subList(0, nIn), targets, Arrays.copyOf(kept, samples.size()));
  }

  private final class BatchIterator implements Iterator<Batch> {
    private final long epoch;
    private final int[] order;
    private final int batches;
    private final ArrayDeque<CompletableFuture<Batch>> queue = new ArrayDeque<>();
    private int submitted;
    private Batch pending;

    BatchIterator(long epoch, int[] order) {
      this.epoch = epoch;
      this.order = order;
      this.batches = training ? order.length / bs : (order.length + bs - 1) / bs;
      fill();
    }

    private void fill() {
      while (queue.size() < owner.prefetch() && submitted < batches) {
        int from = submitted * bs;
        int to = Math.min(order.length, from + bs);
        queue.add(submit(Arrays.copyOfRange(order, from, to), epoch, submitted));
        submitted++;
      }
    }

    @Override
    public boolean hasNext() {
      while (pending == null && !queue.isEmpty()) {
        CompletableFuture<Batch> f = queue.poll();
        fill();
        try {
          pending = f.join();
        } catch (CompletionException e) {
          queue.forEach(q -> q.cancel(false));
          queue.clear();
          submitted = batches;
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw e;
        }
      }
      return pending != null;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more batches in this epoch");
      }
      Batch b = pending;
      pending = null;
      return b;
    }
  }
}
