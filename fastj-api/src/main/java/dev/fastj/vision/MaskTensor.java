package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A segmentation mask of one item: one class code per pixel, row major (fastai's
 * {@code TensorMask}). Geometric transforms resample it with nearest neighbour.
 *
 * @param codes class code per pixel, {@code codes[y * width + x]}
 * @param height rows
 * @param width columns
 */
public record MaskTensor(int[] codes, int height, int width) {

  public MaskTensor {
    checkArgument(height > 0 && width > 0, "mask needs positive height and width, got %sx%s", height, width);
    checkArgument(codes.length == height * width, "%s codes do not fill a %sx%s mask", codes.length, height, width);
  }
}
