/**
 * fastai's tabular application: read a CSV ({@link dev.fastj.tabular.Table}), preprocess it with
 * {@link dev.fastj.tabular.FillMissing}, {@link dev.fastj.tabular.Categorify} and
 * {@link dev.fastj.tabular.Normalize}, load batches with
 * {@link dev.fastj.tabular.TabularDataLoaders#fromCsv}, and train
 * {@link dev.fastj.tabular.TabularLearner#create} (a {@link dev.fastj.tabular.TabularModel}: entity
 * embeddings, BatchNorm on the continuous columns, layers [200, 100]). Entry points:
 * {@code TabularDataLoaders.fromCsv}, {@code TabularLearner.create}, {@code ContCatSplit.of},
 * {@code TabularDatasets.titanic}.
 */
package dev.fastj.tabular;
