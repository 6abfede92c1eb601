/**
 * The data pipeline, after fastai's {@code fastai.data}: describe data with a
 * {@link dev.fastj.data.DataBlock} (blocks, getters, a {@link dev.fastj.data.Splitter}, item and
 * batch transforms), check it with {@link dev.fastj.data.DataBlock#summary}, and build
 * {@link dev.fastj.data.DataLoaders} with {@link dev.fastj.data.DataBlock#dataloaders}.
 *
 * <p>Entry points: {@link dev.fastj.data.DataBlock}, {@link dev.fastj.data.CategoryBlock},
 * {@link dev.fastj.data.MultiCategoryBlock}, {@link dev.fastj.data.RegressionBlock},
 * {@link dev.fastj.data.Labels}, {@link dev.fastj.data.ColReader}, {@link dev.fastj.data.Csv},
 * {@link dev.fastj.data.Splitters}, {@link dev.fastj.data.DataLoaderOptions}. Extension points:
 * {@link dev.fastj.data.Block}, {@link dev.fastj.data.ItemTransform},
 * {@link dev.fastj.data.BatchTransform}, {@link dev.fastj.data.Splitter}. Image blocks and
 * transforms are in {@code dev.fastj.vision}.
 */
package dev.fastj.data;
