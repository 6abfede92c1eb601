package dev.fastj.onnx.testing;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.TrainableModel;
import java.util.List;
import java.util.Random;

/** A minimal training loop for tests: one-cycle-shaped learning rate, shuffled batches. */
public final class Fit {

  private Fit() {}

  /** Trains {@code epochs} epochs with batches of {@code bs}; returns the last step count. */
  public static long fit(TrainableModel m, Digits d, int epochs, int bs, double lrMax, long seed, long... itemShape) {
    return fitScaled(m, d, epochs, bs, lrMax, seed, 1, itemShape);
  }

  /** {@link #fit} with every step's loss multiplied by {@code lossScale} (mixed precision). */
  public static long fitScaled(TrainableModel m, Digits d, int epochs, int bs, double lrMax, long seed,
      double lossScale, long... itemShape) {
    Random rnd = new Random(seed);
    int n = d.trainX.length;
    int perEpoch = n / bs;
    long total = (long) epochs * perEpoch;
    long step = 0;
    for (int ep = 0; ep < epochs; ep++) {
      int[] order = Digits.permutation(n, rnd);
      for (int i = 0; i < perEpoch; i++) {
        step++;
        double pct = (double) step / total;
        // warm up over the first quarter, then cosine down, as fit_one_cycle does
        double lr = pct < 0.25
            ? lrMax / 25 + (lrMax - lrMax / 25) * (1 - Math.cos(Math.PI * pct / 0.25)) / 2
            : lrMax * (1 + Math.cos(Math.PI * (pct - 0.25) / 0.75)) / 2 + 1e-6;
        Batch b = Digits.batch(d.trainX, d.trainY, order, i * bs, (i + 1) * bs, itemShape);
        m.trainStep(b, Hyper.uniform(1, lr, 0.9, 0.01, step).withLossScale(lossScale), false);
      }
    }
    return step;
  }

  /** Validation accuracy through predict. */
  public static double accuracy(TrainableModel m, Digits d, long... itemShape) {
    int n = d.validX.length;
    Batch b = Digits.batch(d.validX, d.validY, Digits.identity(n), 0, n, itemShape);
    TensorData out = m.predict(List.of(b.input()));
    float[] o = out.toFloatArray();
    int classes = (int) out.dim(1);
    int right = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (o[i * classes + c] > o[i * classes + best]) {
          best = c;
        }
      }
      if (best == d.validY[i]) {
        right++;
      }
    }
    return (double) right / n;
  }
}
