package dev.fastj.nn;

import java.util.List;
import java.util.Map;

/**
 * {@code nn.AvgPool2d(kernel_size, stride, padding, ceil_mode, count_include_pad=True)} over
 * {@code [N, C, H, W]}; the stride defaults to the kernel size. Emits {@code AveragePool(x;
 * kernel_shape=[k,k], strides=[s,s], pads=[p,p,p,p], count_include_pad=1)}, plus
 * {@code ceil_mode=1} when set.
 *
 * @param kernelSize window height and width
 * @param stride window step
 * @param padding zero padding on every side
 * @param ceilMode round the output size up
 */
public record AvgPool2d(int kernelSize, int stride, int padding, boolean ceilMode) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public AvgPool2d {
    PoolWindow.check("AvgPool2d", kernelSize, stride, padding);
  }

  /** {@code nn.AvgPool2d(kernelSize)}: stride = kernel size, no padding. */
  public static AvgPool2d of(int kernelSize) {
    return new AvgPool2d(kernelSize, kernelSize, 0, false);
  }

  /** {@code nn.AvgPool2d(kernelSize, stride, padding)}. */
  public static AvgPool2d of(int kernelSize, int stride, int padding) {
    return new AvgPool2d(kernelSize, stride, padding, false);
  }

  /** A copy that rounds the output size up ({@code ceil_mode=True}). */
  public AvgPool2d withCeilMode(boolean c) {
    return new AvgPool2d(kernelSize, stride, padding, c);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Shapes.checkRank(this, x, 4);
    Map<String, Object> attrs = PoolWindow.attributes(kernelSize, stride, padding, ceilMode);
    attrs.put("count_include_pad", 1L);
    return e.op("AveragePool", List.of(x), Map.copyOf(attrs));
  }

  @Override
  public String describe() {
    return PoolWindow.describe("AvgPool2d", kernelSize, stride, padding, ceilMode);
  }
}
