package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * {@code nn.AdaptiveAvgPool2d(outputSize)} over {@code [N, C, H, W]}. Output size 1 emits
 * {@code GlobalAveragePool(x)}; a larger size emits {@code AveragePool} with kernel and stride
 * {@code H/size, W/size} (static spatial dimensions divisible by the size are required).
 *
 * @param outputSize output height and width
 */
public record AdaptiveAvgPool2d(int outputSize) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public AdaptiveAvgPool2d {
    checkArgument(outputSize > 0, "AdaptiveAvgPool2d outputSize must be positive, got %s", outputSize);
  }

  /** {@code nn.AdaptiveAvgPool2d(outputSize)}. */
  public static AdaptiveAvgPool2d of(int outputSize) {
    return new AdaptiveAvgPool2d(outputSize);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    return AdaptivePools.pool(this, e, x, outputSize, "GlobalAveragePool", "AveragePool");
  }

  @Override
  public String describe() {
    return "AdaptiveAvgPool2d(" + outputSize + ")";
  }
}
