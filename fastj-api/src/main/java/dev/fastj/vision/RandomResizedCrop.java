package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.ItemTransform;
import dev.fastj.data.TransformContext;
import dev.fastj.vision.internal.Crops;
import java.util.List;
import java.util.Random;

/**
 * fastai's {@code RandomResizedCrop(size, min_scale=0.08, ratio=(3/4, 4/3), val_xtra=0.14)}: on
 * training items, a random region covering {@code minScale} to {@code maxScale} of the area with
 * an aspect ratio in {@code ratio} (log-uniform), resized to {@code size}; on validation items,
 * the whole image resized to {@code size} plus {@code valXtra} (rounded up to a multiple of 8)
 * and centre-cropped to {@code size}.
 */
public final class RandomResizedCrop implements ItemTransform {

  private final int height;
  private final int width;
  private final double minScale;
  private final double maxScale;
  private final double ratioLo;
  private final double ratioHi;
  private final double valXtra;

  private RandomResizedCrop(int height, int width, double minScale, double maxScale, double ratioLo, double ratioHi,
      double valXtra) {
    checkArgument(height > 0 && width > 0, "RandomResizedCrop needs a positive size, got %sx%s", height, width);
    checkArgument(minScale > 0 && minScale <= maxScale && maxScale <= 1,
        "scales must satisfy 0 < minScale <= maxScale <= 1, got %s and %s", minScale, maxScale);
    checkArgument(ratioLo > 0 && ratioLo <= ratioHi, "ratio range must be positive and ordered, got %s..%s", ratioLo, ratioHi);
    checkArgument(valXtra >= 0, "valXtra must be >= 0, got %s", valXtra);
    this.height = height;
    this.width = width;
    this.minScale = minScale;
    this.maxScale = maxScale;
    this.ratioLo = ratioLo;
    this.ratioHi = ratioHi;
    this.valXtra = valXtra;
  }

  /** A square crop of {@code size} with fastai's defaults. */
  public static RandomResizedCrop of(int size) {
    return of(size, size);
  }

  /** A {@code height x width} crop with fastai's defaults. */
  public static RandomResizedCrop of(int height, int width) {
    return new RandomResizedCrop(height, width, 0.08, 1.0, 3.0 / 4, 4.0 / 3, 0.14);
  }

  /** A copy with {@code min_scale}. */
  public RandomResizedCrop withMinScale(double s) {
    return new RandomResizedCrop(height, width, s, maxScale, ratioLo, ratioHi, valXtra);
  }

  /** A copy with {@code max_scale}. */
  public RandomResizedCrop withMaxScale(double s) {
    return new RandomResizedCrop(height, width, minScale, s, ratioLo, ratioHi, valXtra);
  }

  /** A copy with aspect ratio range {@code lo..hi}. */
  public RandomResizedCrop withRatio(double lo, double hi) {
    return new RandomResizedCrop(height, width, minScale, maxScale, lo, hi, valXtra);
  }

  /** A copy with {@code val_xtra}. */
  public RandomResizedCrop withValXtra(double x) {
    return new RandomResizedCrop(height, width, minScale, maxScale, ratioLo, ratioHi, x);
  }

  /** Output height. */
  public int height() {
    return height;
  }

  /** Output width. */
  public int width() {
    return width;
  }

  /** Extra size for validation items (fastai's {@code val_xtra}). */
  public double valXtra() {
    return valXtra;
  }

  @Override
  public List<Object> apply(List<Object> sample, TransformContext ctx) {
    int[] hw = Crops.size(sample);
    int h = hw[0];
    int w = hw[1];
    if (!ctx.training()) {
      int xtra = (int) Math.ceil(Math.max(height, width) * valXtra / 8) * 8;
      double sx = (double) w / (width + xtra);
      double sy = (double) h / (height + xtra);
      return Crops.apply(sample, xtra / 2 * sx, xtra / 2 * sy, width * sx, height * sy, height, width, PadMode.REFLECTION);
    }
    Random rnd = ctx.random();
    for (int attempt = 0; attempt < 10; attempt++) {
      double area = (minScale + rnd.nextDouble() * (maxScale - minScale)) * w * h;
      double ratio = Math.exp(Math.log(ratioLo) + rnd.nextDouble() * (Math.log(ratioHi) - Math.log(ratioLo)));
      int nw = (int) Math.round(Math.sqrt(area * ratio));
      int nh = (int) Math.round(Math.sqrt(area / ratio));
      if (nw <= w && nh <= h && nw > 0 && nh > 0) {
        int x0 = rnd.nextInt(w - nw + 1);
        int y0 = rnd.nextInt(h - nh + 1);
        return Crops.apply(sample, x0, y0, nw, nh, height, width, PadMode.REFLECTION);
      }
    }
    int cw = w;
    int ch = h;
    if ((double) w / h < ratioLo) {
      ch = (int) (w / ratioLo);
    } else if ((double) w / h > ratioHi) {
      cw = (int) (h * ratioHi);
    }
    return Crops.apply(sample, (w - cw) / 2, (h - ch) / 2, cw, ch, height, width, PadMode.REFLECTION);
  }

  @Override
  public int order() {
    return 1;
  }

  @Override
  public String describe() {
    return "RandomResizedCrop(" + height + "x" + width + ", min_scale=" + minScale + ")";
  }
}
