package dev.fastj.data;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How {@link DataBlock#dataloaders(java.nio.file.Path, int, DataLoaderOptions)} builds its
 * loaders: the seed for shuffling and random transforms, worker threads, batches prefetched,
 * and what to do with an unreadable item.
 *
 * @param seed seeds training order and every random transform (same seed, same batches)
 * @param numWorkers threads decoding and transforming items (fastai's {@code num_workers})
 * @param prefetch batches prepared ahead of the one being consumed
 * @param onBadItem skip unreadable images with a warning, or stop with an error
 * @param validBatchSize rows per validation batch; 0 means the training batch size
 */
public record DataLoaderOptions(long seed, int numWorkers, int prefetch, OnBadItem onBadItem, int validBatchSize) {

  /** What a loader does with an image it cannot read. */
  public enum OnBadItem {
    /** Leave the item out of its batch, log one warning per file, count it ({@link DataLoaders#skippedCount()}). */
    SKIP,
    /** Throw, naming the file. */
    STOP
  }

  public DataLoaderOptions {
    checkArgument(numWorkers > 0, "numWorkers must be positive, got %s", numWorkers);
    checkArgument(prefetch > 0, "prefetch must be positive, got %s", prefetch);
    checkArgument(validBatchSize >= 0, "validBatchSize must be 0 or positive, got %s", validBatchSize);
    checkArgument(onBadItem != null, "onBadItem is null");
  }

  /** Seed 42, one worker per available processor, prefetch 2, skip bad items. */
  public static DataLoaderOptions defaults() {
    return new DataLoaderOptions(42, Math.max(1, Runtime.getRuntime().availableProcessors()), 2, OnBadItem.SKIP, 0);
  }

  /** A copy with seed {@code s}. */
  public DataLoaderOptions withSeed(long s) {
    return new DataLoaderOptions(s, numWorkers, prefetch, onBadItem, validBatchSize);
  }

  /** A copy with {@code n} worker threads. */
  public DataLoaderOptions withNumWorkers(int n) {
    return new DataLoaderOptions(seed, n, prefetch, onBadItem, validBatchSize);
  }

  /** A copy that prepares {@code n} batches ahead. */
  public DataLoaderOptions withPrefetch(int n) {
    return new DataLoaderOptions(seed, numWorkers, n, onBadItem, validBatchSize);
  }

  /** A copy with bad-item policy {@code p}. */
  public DataLoaderOptions withOnBadItem(OnBadItem p) {
    return new DataLoaderOptions(seed, numWorkers, prefetch, p, validBatchSize);
  }

  /** A copy with validation batch size {@code bs} (0: the training one). */
  public DataLoaderOptions withValidBatchSize(int bs) {
    return new DataLoaderOptions(seed, numWorkers, prefetch, onBadItem, bs);
  }
}
