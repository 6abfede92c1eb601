package dev.fastj.vision.image;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A decoded image: channels first ({@code chw[c * height * width + y * width + x]}), values in
 * [0, 1]. The JVM counterpart of fastai's {@code TensorImage} for one item.
 *
 * @param chw pixel values, channel planes one after another
 * @param channels 1 (grey) or 3 (RGB)
 * @param height rows
 * @param width columns
 */
public record ImageTensor(float[] chw, int channels, int height, int width) {

  public ImageTensor {
    checkArgument(channels > 0 && height > 0 && width > 0,
        "image needs positive channels, height and width, got %sx%sx%s", channels, height, width);
    checkArgument(chw.length == channels * height * width,
        "%s values do not fill a %sx%sx%s image", chw.length, channels, height, width);
  }
}
