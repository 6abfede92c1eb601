package dev.fastj.nn;

import java.util.List;
import java.util.Map;

/**
 * {@code nn.MaxPool2d(kernel_size, stride, padding, ceil_mode)} over {@code [N, C, H, W]}; the stride
 * defaults to the kernel size. Emits {@code MaxPool(x; kernel_shape=[k,k], strides=[s,s],
 * pads=[p,p,p,p])}, plus {@code ceil_mode=1} when set, with one output, and with its Indices output
 * too while training, for the gradient rule.
 *
 * @param kernelSize window height and width
 * @param stride window step
 * @param padding implicit padding on every side
 * @param ceilMode round the output size up
 */
public record MaxPool2d(int kernelSize, int stride, int padding, boolean ceilMode) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public MaxPool2d {
    PoolWindow.check("MaxPool2d", kernelSize, stride, padding);
  }

  /** {@code nn.MaxPool2d(kernelSize)}: stride = kernel size, no padding. */
  public static MaxPool2d of(int kernelSize) {
    return new MaxPool2d(kernelSize, kernelSize, 0, false);
  }

  /** {@code nn.MaxPool2d(kernelSize, stride, padding)}. */
  public static MaxPool2d of(int kernelSize, int stride, int padding) {
    return new MaxPool2d(kernelSize, stride, padding, false);
  }

  /** A copy that rounds the output size up ({@code ceil_mode=True}). */
  public MaxPool2d withCeilMode(boolean c) {
    return new MaxPool2d(kernelSize, stride, padding, c);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Shapes.checkRank(this, x, 4);
    Map<String, Object> attrs = PoolWindow.attributes(kernelSize, stride, padding, ceilMode);
    if (e.training()) {
      // the Indices output lets the backward scatter the gradient without pooling a second time
      return e.op("MaxPool", List.of(x), Map.copyOf(attrs), 2).get(0);
    }
    return e.op("MaxPool", List.of(x), Map.copyOf(attrs));
  }

  @Override
  public String describe() {
    return PoolWindow.describe("MaxPool2d", kernelSize, stride, padding, ceilMode);
  }
}
