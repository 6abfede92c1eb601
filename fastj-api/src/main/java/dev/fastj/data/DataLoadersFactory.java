package dev.fastj.data;

/**
 * Builds the loaders of a {@link DataBlock} whose data does not batch item by item (a language
 * model cuts one stream of all its texts into rows): fastai's {@code dl_type}. A block names it
 * with {@link Block#dlType()}; {@link DataBlock#dataloaders} then hands it the prepared data
 * instead of building its own loaders.
 */
@FunctionalInterface
public interface DataLoadersFactory {

  /**
   * Loaders of batches of {@code bs} over {@code prepared} (the items, their split, the getters'
   * outputs and the set-up blocks).
   */
  DataLoaders create(DataBlock.Prepared prepared, int bs, DataLoaderOptions options);
}
