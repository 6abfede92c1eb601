package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Key points of one item (fastai's {@code TensorPoint}): x then y for each point, in pixels of the
 * image they belong to, 0 at the left/top edge; geometric transforms move them with the image.
 * {@code height} and {@code width} are that image's size (0 until the item's image is known).
 *
 * @param xy x0, y0, x1, y1, ...
 * @param height height of the image the coordinates refer to, or 0
 * @param width width of the image the coordinates refer to, or 0
 */
public record PointsTensor(float[] xy, int height, int width) {

  public PointsTensor {
    checkArgument(xy.length % 2 == 0, "points need x and y pairs, got %s values", xy.length);
    checkArgument(height >= 0 && width >= 0, "negative image size %sx%s", height, width);
  }

  /** Number of points. */
  public int count() {
    return xy.length / 2;
  }
}
