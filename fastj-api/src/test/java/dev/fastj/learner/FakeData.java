package dev.fastj.learner;

import dev.fastj.data.Batch;
import dev.fastj.data.DataLoader;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.TensorData;
import dev.fastj.nn.Loss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * In-memory data: items are float[] inputs with a float[] (regression) or class index target.
 * Training batches are shuffled with a seed and drop the last partial batch.
 */
final class FakeData implements DataLoaders {

  final long[] inputShape;
  final int outputs;
  final List<String> vocab;
  final Loader train;
  final Loader valid;
  final Loss loss;

  private FakeData(long[] inputShape, int outputs, List<String> vocab, List<float[]> tx, List<float[]> ty,
      List<float[]> vx, List<float[]> vy, int bs) {
    this.inputShape = inputShape;
    this.outputs = outputs;
    this.vocab = vocab;
    boolean cls = !vocab.isEmpty();
    loss = cls ? new FakeLosses.CrossEntropy(outputs) : new FakeLosses.Mse(outputs);
    train = new Loader(tx, ty, bs, true, cls);
    valid = new Loader(vx, vy, bs, false, cls);
  }

  /** y = A x + c with a little noise; {@code d} inputs, {@code k} outputs. */
  static FakeData regression(int d, int k, int nTrain, int nValid, int bs, long seed) {
    Random r = new Random(seed);
    double[][] a = new double[k][d];
    for (double[] row : a) {
      for (int i = 0; i < d; i++) row[i] = r.nextGaussian();
    }
    List<float[]> tx = new ArrayList<>(), ty = new ArrayList<>(), vx = new ArrayList<>(), vy = new ArrayList<>();
    for (int n = 0; n < nTrain + nValid; n++) {
      float[] x = new float[d];
      for (int i = 0; i < d; i++) x[i] = (float) r.nextGaussian();
      float[] y = new float[k];
      for (int j = 0; j < k; j++) {
        double v = 0.5;
        for (int i = 0; i < d; i++) v += a[j][i] * x[i];
        y[j] = (float) (v + 0.01 * r.nextGaussian());
      }
      (n < nTrain ? tx : vx).add(x);
      (n < nTrain ? ty : vy).add(y);
    }
    return new FakeData(new long[] {d}, k, List.of(), tx, ty, vx, vy, bs);
  }

  /** Gaussian blobs around one centre per class; input shape as given. */
  static FakeData classification(long[] shape, int k, int nTrain, int nValid, int bs, long seed) {
    Random r = new Random(seed);
    int d = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    double[][] centres = new double[k][d];
    for (double[] c : centres) {
      for (int i = 0; i < d; i++) c[i] = r.nextDouble();
    }
    List<float[]> tx = new ArrayList<>(), ty = new ArrayList<>(), vx = new ArrayList<>(), vy = new ArrayList<>();
    for (int n = 0; n < nTrain + nValid; n++) {
      int c = n % k;
      float[] x = new float[d];
      for (int i = 0; i < d; i++) x[i] = (float) (centres[c][i] + 0.1 * r.nextGaussian());
      (n < nTrain ? tx : vx).add(x);
      (n < nTrain ? ty : vy).add(new float[] {c});
    }
    List<String> vocab = new ArrayList<>();
    for (int c = 0; c < k; c++) vocab.add("class" + c);
    return new FakeData(shape, k, vocab, tx, ty, vx, vy, bs);
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
    List<float[]> xs = new ArrayList<>();
    for (Object o : items) xs.add((float[]) o);
    return new Loader(xs, null, train.bs, false, !vocab.isEmpty());
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public int outputCount() {
    return outputs;
  }

  @Override
  public List<String> vocab() {
    return vocab;
  }

  @Override
  public Loss defaultLoss() {
    return loss;
  }

  @Override
  public String decodePrediction(float[] row) {
    return vocab.isEmpty() ? Arrays.toString(row) : vocab.get(Activation.argmax(row));
  }

  @Override
  public void showBatch(int n, Path png) {
    throw new UnsupportedOperationException("the fake data has no images");
  }

  @Override
  public void close() {}

  /** One split. */
  final class Loader implements DataLoader {
    final List<float[]> xs;
    final List<float[]> ys;
    final int bs;
    final boolean shuffle;
    final boolean cls;
    final Random rng = new Random(7);

    Loader(List<float[]> xs, List<float[]> ys, int bs, boolean shuffle, boolean cls) {
      this.xs = xs;
      this.ys = ys;
      this.bs = bs;
      this.shuffle = shuffle;
      this.cls = cls;
    }

    @Override
    public int size() {
      return shuffle ? xs.size() / bs : (xs.size() + bs - 1) / bs;
    }

    @Override
    public int batchSize() {
      return bs;
    }

    @Override
    public int itemCount() {
      return xs.size();
    }

    @Override
    public Object item(int index) {
      return xs.get(index);
    }

    @Override
    public String describeItem(int index) {
      return "item" + index;
    }

    @Override
    public TensorData decodedInput(int index) {
      return TensorData.ofFloats(xs.get(index), inputShape);
    }

    @Override
    public List<TensorData> target(int index) {
      return List.of(TensorData.ofFloats(ys.get(index), ys.get(index).length));
    }

    @Override
    public Iterator<Batch> iterator() {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < xs.size(); i++) order.add(i);
      if (shuffle) java.util.Collections.shuffle(order, rng);
      List<Batch> batches = new ArrayList<>();
      for (int b = 0; b < size(); b++) {
        int from = b * bs;
        int to = Math.min(from + bs, xs.size());
        int n = to - from;
        int d = xs.get(0).length;
        float[] x = new float[n * d];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
          idx[i] = order.get(from + i);
          System.arraycopy(xs.get(idx[i]), 0, x, i * d, d);
        }
        long[] shape = new long[inputShape.length + 1];
        shape[0] = n;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        List<TensorData> targets = new ArrayList<>();
        if (ys != null) {
          if (cls) {
            long[] t = new long[n];
            for (int i = 0; i < n; i++) t[i] = (long) ys.get(idx[i])[0];
            targets.add(TensorData.ofLongs(t, n));
          } else {
            int k = ys.get(0).length;
            float[] t = new float[n * k];
            for (int i = 0; i < n; i++) System.arraycopy(ys.get(idx[i]), 0, t, i * k, k);
            targets.add(TensorData.ofFloats(t, n, k));
          }
        }
        batches.add(new Batch(List.of(TensorData.ofFloats(x, shape)), targets, idx));
      }
      return batches.iterator();
    }
  }
}
