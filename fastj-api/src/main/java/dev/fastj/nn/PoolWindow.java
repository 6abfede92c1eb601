package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.HashMap;
import java.util.Map;

/** The square window that {@link MaxPool2d} and {@link AvgPool2d} share: its checks, attributes and description. */
final class PoolWindow {

  private PoolWindow() {}

  /** Fails naming {@code layer} and the value when the window is not a valid PyTorch pool window. */
  static void check(String layer, int kernelSize, int stride, int padding) {
    checkArgument(kernelSize > 0, "%s kernelSize must be positive, got %s", layer, kernelSize);
    checkArgument(stride > 0, "%s stride must be positive, got %s", layer, stride);
    checkArgument(padding >= 0 && 2 * padding <= kernelSize,
        "%s padding must be between 0 and half the kernel size %s, got %s", layer, kernelSize, padding);
  }

  /** ONNX's kernel_shape, strides, pads and (when set) ceil_mode, in a mutable map for op-specific extras. */
  static Map<String, Object> attributes(int kernelSize, int stride, int padding, boolean ceilMode) {
    Map<String, Object> attrs = new HashMap<>(Map.of(
        "kernel_shape", new long[] {kernelSize, kernelSize},
        "strides", new long[] {stride, stride},
        "pads", new long[] {padding, padding, padding, padding}));
    if (ceilMode) {
      attrs.put("ceil_mode", 1L);
    }
    return attrs;
  }

  /** PyTorch's repr, such as {@code MaxPool2d(kernel_size=3, stride=2, padding=1)}. */
  static String describe(String layer, int kernelSize, int stride, int padding, boolean ceilMode) {
    return layer + "(kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding
        + (ceilMode ? ", ceil_mode=True" : "") + ")";
  }
}
