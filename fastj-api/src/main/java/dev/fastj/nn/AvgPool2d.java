package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.HashMap;
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
    checkArgument(kernelSize > 0, "AvgPool2d kernelSize must be positive, got %s", kernelSize);
    checkArgument(stride > 0, "AvgPool2d stride must be positive, got %s", stride);
    checkArgument(padding >= 0 && 2 * padding <= kernelSize,
        "AvgPool2d padding must be between 0 and half the kernel size %s, got %s", kernelSize, padding);
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
    Map<String, Object> attrs = new HashMap<>(Map.of(
        "kernel_shape", new long[] {kernelSize, kernelSize},
        "strides", new long[] {stride, stride},
        "pads", new long[] {padding, padding, padding, padding},
        "count_include_pad", 1L));
    if (ceilMode) {
      attrs.put("ceil_mode", 1L);
    }
    return e.op("AveragePool", List.of(x), Map.copyOf(attrs));
  }

  @Override
  public String describe() {
    return "AvgPool2d(kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding
        + (ceilMode ? ", ceil_mode=True" : "") + ")";
  }
}
