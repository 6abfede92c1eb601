package dev.fastj.data;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * What a {@link BatchTransform} knows about its call: training or not, a generator seeded for
 * this batch, and a pool to spread per-image work over (draw random parameters from
 * {@link #random()} on the calling thread first, then call {@link #parallelFor}, so results do
 * not depend on scheduling).
 */
public final class BatchContext {

  private final boolean training;
  private final Random random;
  private final ForkJoinPool pool;

  /** A context; {@code pool} may be null to run on the calling thread. */
  public BatchContext(boolean training, Random random, ForkJoinPool pool) {
    this.training = training;
    this.random = random;
    this.pool = pool;
  }

  /** True on training batches, where augmentation is active (fastai's {@code split_idx == 0}). */
  public boolean training() {
    return training;
  }

  /** The generator for this batch. */
  public Random random() {
    return random;
  }

  /** Runs {@code body} for 0 to n-1, in parallel on the loader's pool when there is one. */
  public void parallelFor(int n, IntConsumer body) {
    if (pool == null || n < 2) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
    } else if (java.util.concurrent.ForkJoinTask.getPool() == pool) {
      IntStream.range(0, n).parallel().forEach(body);
    } else {
      pool.submit(() -> IntStream.range(0, n).parallel().forEach(body)).join();
    }
  }
}
