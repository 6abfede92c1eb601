package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * fastai's {@code LMDataLoader}: the texts of one split, in a new seeded order each training
 * epoch (as given for validation), concatenated into one stream of token ids; the stream, less
 * its last token and cut to a multiple of {@code bs}, is split into {@code bs} rows of
 * {@code bl = (tokens - 1) / bs} tokens, and batch {@code k} takes columns {@code k * seqLen} to
 * {@code (k + 1) * seqLen} of every row (the last batch what is left). The target is the input
 * shifted by one token. Inputs and targets are INT64 [bs, seqLen]; a batch's item indices name
 * the text each row's first token comes from. Row {@code r} of a batch continues row {@code r} of
 * the previous batch, which is what lets the LSTM carry its hidden state across batches.
 */
final class LMDataLoader extends TextLoader {

  private final int seqLen;
  private final boolean shuffle;
  private final long seed;
  private final long total;
  private final int bl;
  private final int nBatches;
  private final AtomicLong epochs = new AtomicLong();

  LMDataLoader(List<?> items, List<int[]> docs, int bs, int seqLen, boolean shuffle, long seed, String split) {
    super(items, docs, bs);
    this.seqLen = seqLen;
    this.shuffle = shuffle;
    this.seed = seed;
    long t = 0;
    for (int[] d : docs) {
      t += d.length;
    }
    this.total = t;
    long corpus = ((total - 1) / bs) * bs;
    checkArgument(items.isEmpty() || corpus > 0, "the %s texts hold %s tokens, too few for %s rows of at least one token; "
        + "lower the batch size or add text", split, total, bs);
    this.bl = Math.toIntExact(corpus / bs);
    this.nBatches = bl == 0 ? 0 : (bl + seqLen - 1) / seqLen;
  }

  /** Tokens in the split's stream. */
  long tokenCount() {
    return total;
  }

  /** fastai's {@code bl}: the length of each of the {@code bs} rows. */
  int rowLength() {
    return bl;
  }

  @Override
  public int size() {
    return nBatches;
  }

  /** A language model's targets are its own shifted texts, so items have none of their own. */
  @Override
  public List<TensorData> target(int index) {
    return List.of();
  }

  /** The order of the texts in epoch {@code epoch}'s stream. */
  int[] order(long epoch) {
    int[] o = new int[docs.size()];
    for (int i = 0; i < o.length; i++) {
      o[i] = i;
    }
    if (shuffle) {
      Random r = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
      for (int i = o.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int tmp = o[i];
        o[i] = o[j];
        o[j] = tmp;
      }
    }
    return o;
  }

  /** Iterating starts an epoch: training loaders draw a new order of the texts each time. */
  @Override
  public Iterator<Batch> iterator() {
    long epoch = shuffle ? epochs.getAndIncrement() : 0;
    return batches(order(epoch));
  }

  Iterator<Batch> batches(int[] order) {
    int used = Math.toIntExact(Math.min(total, (long) bl * bs + 1));
    int[] stream = new int[used];
    int[] docAt = new int[order.length];
    int[] starts = new int[order.length];
    int pos = 0;
    int filled = 0;
    for (int k = 0; k < order.length && pos < used; k++) {
      int[] d = docs.get(order[k]);
      int n = Math.min(d.length, used - pos);
      System.arraycopy(d, 0, stream, pos, n);
      docAt[filled] = order[k];
      starts[filled++] = pos;
      pos += n;
    }
    int nDocs = filled;
    return new Iterator<>() {
      private int k;

      @Override
      public boolean hasNext() {
        return k < nBatches;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int sl = k == nBatches - 1 ? bl - (nBatches - 1) * seqLen : seqLen;
        long[] x = new long[bs * sl];
        long[] y = new long[bs * sl];
        int[] rowDoc = new int[bs];
        for (int r = 0; r < bs; r++) {
          int st = r * bl + k * seqLen;
          for (int j = 0; j < sl; j++) {
            x[r * sl + j] = stream[st + j];
            y[r * sl + j] = stream[st + j + 1];
          }
          int at = Arrays.binarySearch(starts, 0, nDocs, st);
          rowDoc[r] = docAt[at >= 0 ? lastStartingAt(starts, at, nDocs) : -at - 2];
        }
        k++;
        return new Batch(List.of(TensorData.ofLongs(x, bs, sl)), List.of(TensorData.ofLongs(y, bs, sl)), rowDoc);
      }
    };
  }

  /** Empty texts start where the next one does: the text a token belongs to is the last one starting there. */
  private static int lastStartingAt(int[] starts, int at, int n) {
    while (at + 1 < n && starts[at + 1] == starts[at]) {
      at++;
    }
    return at;
  }
}
