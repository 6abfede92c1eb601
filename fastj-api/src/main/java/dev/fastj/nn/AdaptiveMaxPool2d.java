package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * {@code nn.AdaptiveMaxPool2d(outputSize)} over {@code [N, C, H, W]}. Output size 1 emits
 * {@code GlobalMaxPool(x)}; a larger size emits {@code MaxPool} with kernel and stride
 * {@code H/size, W/size} (static spatial dimensions divisible by the size are required).
 *
 * @param outputSize output height and width
 */
public record AdaptiveMaxPool2d(int outputSize) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public AdaptiveMaxPool2d {
    checkArgument(outputSize > 0, "AdaptiveMaxPool2d outputSize must be positive, got %s", outputSize);
  }

  /** {@code nn.AdaptiveMaxPool2d(outputSize)}. */
  public static AdaptiveMaxPool2d of(int outputSize) {
    return new AdaptiveMaxPool2d(outputSize);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    return AdaptivePools.pool(this, e, x, outputSize, "GlobalMaxPool", "MaxPool");
  }

  @Override
  public String describe() {
    return "AdaptiveMaxPool2d(" + outputSize + ")";
  }
}
