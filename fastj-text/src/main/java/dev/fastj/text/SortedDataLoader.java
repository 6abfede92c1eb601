package dev.fastj.text;

import dev.fastj.data.Batch;
import dev.fastj.data.Block;
import dev.fastj.data.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * fastai's {@code SortedDL} for a text classifier: batches of texts of about the same length,
 * padded by {@code pad_input_chunk} ({@code xxpad} in whole chunks of {@code seqLen} before the
 * text, the rest after). Validation loaders go from the longest text to the shortest; test
 * loaders keep the order given.
 * Training loaders, each epoch (seeded): a random permutation with the longest text first, cut
 * into chunks of {@code 50 * bs} each sorted longest first, cut into batches; the first batch
 * (which holds the longest text, so that memory runs out at once if it must) stays first, the
 * last stays last and the ones between are shuffled; a last batch short of {@code bs} is dropped.
 */
final class SortedDataLoader extends TextLoader {

  private final List<Object> targets;
  private final Block target;
  private final int seqLen;
  private final boolean training;
  private final long seed;
  /** 0, or the tokens a batch keeps of each text (the last), its length then a multiple of seqLen. */
  private final int maxLen;
  private final AtomicLong epochs = new AtomicLong();

  /**
   * {@code targets} and {@code target} are null for test data, whose batches keep the order of
   * the items given (so that predictions line up with them without a reordering).
   */
  SortedDataLoader(List<?> items, List<int[]> docs, List<Object> targets, Block target, int bs, int seqLen,
      boolean training, long seed) {
    this(items, docs, targets, target, bs, seqLen, training, seed, 0);
  }

  /**
   * With {@code maxLen > 0} a batch keeps the last {@code maxLen} tokens of each text and its
   * length is rounded up to a multiple of {@code seqLen} (at most {@code maxLen}): the shapes a
   * classifier's {@code SentenceEncoder} meets are then few.
   */
  SortedDataLoader(List<?> items, List<int[]> docs, List<Object> targets, Block target, int bs, int seqLen,
      boolean training, long seed, int maxLen) {
    super(items, docs, bs);
    this.targets = targets == null ? null : Collections.unmodifiableList(new ArrayList<>(targets));
    this.target = target;
    this.seqLen = seqLen;
    this.training = training;
    this.seed = seed;
    this.maxLen = maxLen;
  }

  /** This loader with {@code maxLen} (see the constructor); its epoch count starts again. */
  SortedDataLoader withMaxLen(int maxLen) {
    return new SortedDataLoader(items, docs, targets, target, bs, seqLen, training, seed, maxLen);
  }

  @Override
  public int size() {
    return training ? docs.size() / bs : (docs.size() + bs - 1) / bs;
  }

  @Override
  public List<TensorData> target(int index) {
    if (targets == null) {
      return List.of();
    }
    TensorData t = target.collate(List.of(targets.get(index)));
    long[] shape = Arrays.copyOfRange(t.shape(), 1, t.rank());
    return List.of(TensorData.wrap(t.dtype(), t.buffer(), shape));
  }

  /** The items of each batch of epoch {@code epoch}, in order. */
  List<int[]> batchOrder(long epoch) {
    Integer[] idx = IntStream.range(0, docs.size()).boxed().toArray(Integer[]::new);
    Comparator<Integer> longestFirst = Comparator.comparingInt((Integer i) -> docs.get(i).length).reversed();
    List<int[]> batches = new ArrayList<>();
    if (!training) {
      if (targets != null) {
        Arrays.sort(idx, longestFirst);
      }
      cut(idx, batches);
      return batches;
    }
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
    Collections.shuffle(Arrays.asList(idx), r);
    int longest = 0;
    for (int i = 1; i < idx.length; i++) {
      if (docs.get(idx[i]).length > docs.get(idx[longest]).length) {
        longest = i;
      }
    }
    Integer first = idx[0];
    idx[0] = idx[longest];
    idx[longest] = first;
    int chunk = bs * 50;
    for (int from = 0; from < idx.length; from += chunk) {
      Arrays.sort(idx, from, Math.min(idx.length, from + chunk), longestFirst);
    }
    cut(idx, batches);
    if (batches.size() > 2) {
      Collections.shuffle(batches.subList(1, batches.size() - 1), r);
    }
    if (!batches.isEmpty() && batches.get(batches.size() - 1).length < bs) {
      batches.remove(batches.size() - 1);
    }
    return batches;
  }

  private void cut(Integer[] idx, List<int[]> batches) {
    for (int from = 0; from < idx.length; from += bs) {
      int to = Math.min(idx.length, from + bs);
      int[] b = new int[to - from];
      for (int i = from; i < to; i++) {
        b[i - from] = idx[i];
      }
      batches.add(b);
    }
  }

  /** The batch of these items: the padded texts, and their collated targets unless this is test data. */
  Batch batch(int[] positions) {
    List<int[]> seqs = new ArrayList<>(positions.length);
    List<Object> ys = new ArrayList<>(positions.length);
    int longest = 0;
    for (int p : positions) {
      int[] d = docs.get(p);
      if (maxLen > 0 && d.length > maxLen) {
        d = Arrays.copyOfRange(d, d.length - maxLen, d.length);
      }
      longest = Math.max(longest, d.length);
      seqs.add(d);
      if (targets != null) {
        ys.add(targets.get(p));
      }
    }
    TensorData x = maxLen > 0
        ? Padding.padInputChunk(seqs, 1, true, seqLen, Math.max(longest, Math.min(maxLen, roundUp(longest, seqLen))))
        : Padding.padInputChunk(seqs, 1, true, seqLen);
    return new Batch(List.of(x), targets == null ? List.of() : List.of(target.collate(ys)), positions.clone());
  }

  private static int roundUp(int n, int m) {
    return Math.max(1, (n + m - 1) / m) * m;
  }

  @Override
  public Iterator<Batch> iterator() {
    long epoch = training ? epochs.getAndIncrement() : 0;
    List<int[]> order = batchOrder(epoch);
    return new Iterator<>() {
      private int k;

      @Override
      public boolean hasNext() {
        return k < order.size();
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return batch(order.get(k++));
      }
    };
  }
}
