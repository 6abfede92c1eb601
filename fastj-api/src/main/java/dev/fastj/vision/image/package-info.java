/**
 * Images as tensors: {@link dev.fastj.vision.image.ImageTensor} (channels first, values in
 * [0, 1]) and {@link dev.fastj.vision.image.Images} to read JPEG, PNG, BMP, GIF and WebP files
 * (fastai's {@code PILImage.create}) and write PNG files. A file that cannot be decoded throws
 * {@link dev.fastj.vision.image.ImageReadException}, which names it.
 */
package dev.fastj.vision.image;
