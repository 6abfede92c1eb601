package dev.fastj.text.models;

import dev.fastj.data.Batch;
import dev.fastj.data.DataLoader;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.InputSpec;
import dev.fastj.data.TensorData;
import dev.fastj.nn.Loss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A token stream cut as fastai's {@code LMDataLoader} cuts it: into {@code bs} rows, read
 * {@code seqLen} columns at a time, each target the next token, in order so that the hidden state
 * carries from one batch to the next. The real loader (shuffled documents, tokens from text) is
 * fastj-text's LM data loader; this one serves the model's tests.
 */
final class TokenStreamData implements DataLoaders {

  private final Loader train;
  private final Loader valid;
  private final int seqLen;
  private final List<String> vocab;

  TokenStreamData(long[] trainStream, long[] validStream, int vocabSize, int bs, int seqLen) {
    this.seqLen = seqLen;
    this.train = new Loader(trainStream, bs);
    this.valid = new Loader(validStream, bs);
    List<String> v = new ArrayList<>();
    for (int i = 0; i < vocabSize; i++) {
      v.add("tok" + i);
    }
    this.vocab = List.copyOf(v);
  }

  @Override
  public DataLoader train() {
    return train;
  }

  @Override
  public DataLoader valid() {
    return valid;
  }

  @Override
  public DataLoader testDl(List<?> items) {
    throw new UnsupportedOperationException("the token stream of the LM tests has no test items");
  }

  @Override
  public long[] inputShape() {
    return new long[] {seqLen};
  }

  @Override
  public List<InputSpec> inputSpecs() {
    return List.of(new InputSpec(InputSpec.DEFAULT_NAME, new long[] {seqLen}, TensorData.DType.INT64));
  }

  @Override
  public int outputCount() {
    return vocab.size();
  }

  @Override
  public List<String> vocab() {
    return vocab;
  }

  @Override
  public Loss defaultLoss() {
    return LmCrossEntropy.create();
  }

  @Override
  public String decodePrediction(float[] activatedRow) {
    int best = 0;
    for (int i = 1; i < activatedRow.length; i++) {
      best = activatedRow[i] > activatedRow[best] ? i : best;
    }
    return vocab.get(best);
  }

  @Override
  public void showBatch(int n, Path png) {
    throw new UnsupportedOperationException("the token stream of the LM tests is not shown");
  }

  @Override
  public void close() {}

  private final class Loader implements DataLoader {
    private final long[][] rows;
    private final int bs;

    Loader(long[] stream, int bs) {
      this.bs = bs;
      int len = stream.length / bs;
      rows = new long[bs][len];
      for (int r = 0; r < bs; r++) {
        System.arraycopy(stream, r * len, rows[r], 0, len);
      }
    }

    @Override
    public int size() {
      return (rows[0].length - 1) / seqLen;
    }

    @Override
    public int batchSize() {
      return bs;
    }

    @Override
    public int itemCount() {
      return size() * bs;
    }

    @Override
    public Object item(int index) {
      return describeItem(index);
    }

    @Override
    public String describeItem(int index) {
      return "row " + index % bs + " of batch " + index / bs;
    }

    @Override
    public TensorData decodedInput(int index) {
      return TensorData.ofLongs(slice(index % bs, index / bs * seqLen), seqLen);
    }

    @Override
    public List<TensorData> target(int index) {
      return List.of(TensorData.ofLongs(slice(index % bs, index / bs * seqLen + 1), seqLen));
    }

    private long[] slice(int row, int from) {
      long[] out = new long[seqLen];
      System.arraycopy(rows[row], from, out, 0, seqLen);
      return out;
    }

    @Override
    public Iterator<Batch> iterator() {
      List<Batch> batches = new ArrayList<>();
      for (int b = 0; b < size(); b++) {
        long[] x = new long[bs * seqLen];
        long[] y = new long[bs * seqLen];
        int[] idx = new int[bs];
        for (int r = 0; r < bs; r++) {
          System.arraycopy(rows[r], b * seqLen, x, r * seqLen, seqLen);
          System.arraycopy(rows[r], b * seqLen + 1, y, r * seqLen, seqLen);
          idx[r] = b * bs + r;
        }
        batches.add(new Batch(List.of(TensorData.ofLongs(x, bs, seqLen)), List.of(TensorData.ofLongs(y, bs, seqLen)),
            idx));
      }
      return batches.iterator();
    }
  }
}
