package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.ItemTransform;
import dev.fastj.data.TransformContext;
import dev.fastj.vision.internal.Crops;
import java.util.List;

/**
 * fastai's {@code RandomCrop(size)}: a {@code size} window at a random place on training items and
 * in the centre on validation items, without resizing. Unlike fastai it does not pad: an image
 * smaller than the crop is an error that names both sizes (resize first with {@link Resize}).
 */
public final class RandomCrop implements ItemTransform {

  private final int height;
  private final int width;

  private RandomCrop(int height, int width) {
    checkArgument(height > 0 && width > 0, "RandomCrop needs a positive size, got %sx%s", height, width);
    this.height = height;
    this.width = width;
  }

  /** A square crop. */
  public static RandomCrop of(int size) {
    return new RandomCrop(size, size);
  }

  /** A {@code height x width} crop. */
  public static RandomCrop of(int height, int width) {
    return new RandomCrop(height, width);
  }

  @Override
  public List<Object> apply(List<Object> sample, TransformContext ctx) {
    int[] hw = Crops.size(sample);
    if (hw[0] < height || hw[1] < width) {
      throw new IllegalArgumentException("image " + hw[0] + "x" + hw[1] + " is smaller than the crop " + height + "x"
          + width + "; add Resize.of(...) before it or use a smaller crop");
    }
    int x0 = ctx.training() ? ctx.random().nextInt(hw[1] - width + 1) : (hw[1] - width) / 2;
    int y0 = ctx.training() ? ctx.random().nextInt(hw[0] - height + 1) : (hw[0] - height) / 2;
    return Crops.apply(sample, x0, y0, width, height, height, width, PadMode.ZEROS);
  }

  @Override
  public int order() {
    return 1;
  }

  @Override
  public String describe() {
    return "RandomCrop(" + height + "x" + width + ")";
  }
}
