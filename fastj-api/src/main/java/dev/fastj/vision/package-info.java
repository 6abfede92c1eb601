/**
 * Computer vision: blocks, transforms, bundled data sets and models.
 *
 * <p>Data: {@link dev.fastj.vision.Datasets#fashionMnist()} (fastai's {@code untar_data}),
 * {@link dev.fastj.vision.Datasets#digitsArrays()}, {@link dev.fastj.vision.ShowBatch#grid}
 * (fastai's {@code show_batch} drawing); images are read and written by
 * {@link dev.fastj.vision.image.Images}.
 *
 * <p>Models: architectures cut into a body ({@link dev.fastj.vision.Arch#resnet18()},
 * {@link dev.fastj.vision.Arch#resnet34()}, {@link dev.fastj.vision.Arch#xresnetSmall()},
 * {@link dev.fastj.vision.Arch#fromOnnx}, {@link dev.fastj.vision.Arch#fromExport} for the body of a
 * fastj export) and fastai's head ({@link dev.fastj.vision.Heads#createHead}).
 */
package dev.fastj.vision;
