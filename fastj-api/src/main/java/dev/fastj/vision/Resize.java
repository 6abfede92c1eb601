package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.ItemTransform;
import dev.fastj.data.TransformContext;
import dev.fastj.vision.internal.Crops;
import java.util.List;

/**
 * fastai's {@code Resize(size, method, pad_mode)} item transform. {@link Method#CROP} (the
 * default) takes the largest region of the output's aspect ratio, at a random place on training
 * items and in the centre on validation items; {@link Method#PAD} fits the whole image and pads
 * (reflection by default); {@link Method#SQUISH} stretches the whole image. Masks and points
 * follow the image.
 *
 * <pre>{@code
 * block.itemTfms(Resize.of(224));
 * block.itemTfms(Resize.of(128).withMethod(Resize.Method.SQUISH));
 * }</pre>
 */
public final class Resize implements ItemTransform {

  /** fastai's {@code ResizeMethod}. */
  public enum Method {
    CROP,
    PAD,
    SQUISH
  }

  private final int height;
  private final int width;
  private final Method method;
  private final PadMode padMode;

  private Resize(int height, int width, Method method, PadMode padMode) {
    checkArgument(height > 0 && width > 0, "Resize needs a positive size, got %sx%s", height, width);
    this.height = height;
    this.width = width;
    this.method = method;
    this.padMode = padMode;
  }

  /** A square output of {@code size}, crop, reflection padding. */
  public static Resize of(int size) {
    return new Resize(size, size, Method.CROP, PadMode.REFLECTION);
  }

  /** An output of {@code height x width} (fastai's {@code size=(h, w)}). */
  public static Resize of(int height, int width) {
    return new Resize(height, width, Method.CROP, PadMode.REFLECTION);
  }

  /** A copy with resize method {@code m}. */
  public Resize withMethod(Method m) {
    return new Resize(height, width, m, padMode);
  }

  /** A copy with padding mode {@code p} (used by {@link Method#PAD}). */
  public Resize withPadMode(PadMode p) {
    return new Resize(height, width, method, p);
  }

  /** Output height. */
  public int height() {
    return height;
  }

  /** Output width. */
  public int width() {
    return width;
  }

  /** How the image is fitted to the output size. */
  public Method method() {
    return method;
  }

  /** How pixels outside the image are filled. */
  public PadMode padMode() {
    return padMode;
  }

  @Override
  public List<Object> apply(List<Object> sample, TransformContext ctx) {
    int[] hw = Crops.size(sample);
    int h = hw[0];
    int w = hw[1];
    if (method == Method.SQUISH) {
      return Crops.apply(sample, 0, 0, w, h, height, width, padMode);
    }
    double rw = (double) w / width;
    double rh = (double) h / height;
    double m = method == Method.PAD ? Math.max(rw, rh) : Math.min(rw, rh);
    int cw = (int) (m * width);
    int ch = (int) (m * height);
    double px = ctx.training() ? ctx.random().nextDouble() : 0.5;
    double py = ctx.training() ? ctx.random().nextDouble() : 0.5;
    int x0 = (int) (px * (w - cw));
    int y0 = (int) (py * (h - ch));
    return Crops.apply(sample, x0, y0, cw, ch, height, width, padMode);
  }

  @Override
  public int order() {
    return 1;
  }

  @Override
  public String describe() {
    return "Resize(" + height + "x" + width + ", " + method.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
