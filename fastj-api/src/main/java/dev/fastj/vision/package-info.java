/**
 * Vision data: the bundled data sets and drawing images in grids.
 *
 * <p>Entry points: {@link dev.fastj.vision.Datasets#fashionMnist()} (fastai's
 * {@code untar_data}), {@link dev.fastj.vision.Datasets#digitsArrays()},
 * {@link dev.fastj.vision.ShowBatch#grid} (fastai's {@code show_batch} drawing). Images are
 * read and written by {@link dev.fastj.vision.image.Images}.
 */
package dev.fastj.vision;
