package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of the Resize and Pad rules (Pad in float64). Resize has float32 kernels only in
 * ONNX Runtime; in nearest and linear modes it is linear in X, so central differences carry
 * only float32 rounding (measured worst element errors near 1e-4), while a wrong
 * interpolation weight or source pixel gives errors of order 0.1 to 1: 2e-3 separates them.
 */
class ResizeRulesTest {

  private static void resize(Map<String, Object> attrs, float[] scales, long[] sizes, String label, long... dims) {
    GradCheck.of(b -> {
      List<String> in = sizes == null
          ? List.of("x", "", b.constant(Tensor.ofFloats(scales, scales.length)))
          : List.of("x", "", "", b.longs(sizes));
      return b.op("Resize", in, attrs);
    }).input("x", GradCheck.randn(1, dims)).float32().tolerance(2e-3).batch("x").label(label).check();
  }

  @Test
  void nearest_integerScales_blockSums() {
    resize(Map.of("mode", "nearest"), new float[] {1, 1, 2, 3}, null, "nearest x2 x3", 2, 3, 3, 2);
  }

  @Test
  void nearest_asymmetricFloor_nonIntegerSizes() {
    resize(Map.of("mode", "nearest", "coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor"),
        null, new long[] {2, 2, 5, 7}, "nearest sizes", 2, 2, 3, 4);
  }

  @Test
  void bilinear_halfPixel_scale2() {
    resize(Map.of("mode", "linear"), new float[] {1, 1, 2, 2}, null, "bilinear x2", 2, 3, 4, 3);
  }

  @Test
  void bilinear_alignCorners_sizes() {
    resize(Map.of("mode", "linear", "coordinate_transformation_mode", "align_corners"),
        null, new long[] {1, 2, 7, 5}, "bilinear align_corners", 1, 2, 3, 4);
  }

  @Test
  void bilinear_pytorchHalfPixel_downsample() {
    resize(Map.of("mode", "linear", "coordinate_transformation_mode", "pytorch_half_pixel"),
        new float[] {1, 1, 0.5f, 0.75f}, null, "bilinear down", 2, 2, 6, 8);
  }

  @Test
  void pad_constant_positiveAndNegative_withValueGradient_float64() {
    GradCheck.of(b -> b.op("Pad", "x", b.longs(0, 1, -1, 1, 2, 2), "c"))
        .input("x", GradCheck.randn(2, 2, 3, 4))
        .input("c", Tensor.ofDoubles(new double[] {0.7}))
        .label("pad constant").check();
  }

  @Test
  void pad_withAxesInput_float64() {
    GradCheck.of(b -> b.op("Pad", List.of("x", b.longs(2, -1, 1, 3), "", b.longs(-1, 1)), Map.of()))
        .input("x", GradCheck.randn(3, 2, 3, 4))
        .batch("x").label("pad axes").check();
  }

  @Test
  void pad_reflect_and_edge_float64() {
    GradCheck.of(b -> b.op("Pad", List.of("x", b.longs(0, 0, 2, 1, 0, 0, 1, 3)), Map.of("mode", "reflect")))
        .input("x", GradCheck.randn(4, 2, 2, 4, 5)).batch("x").label("pad reflect").check();
    GradCheck.of(b -> b.op("Pad", List.of("x", b.longs(1, 3, -1, 2), "", b.longs(1, 2)), Map.of("mode", "edge")))
        .input("x", GradCheck.randn(5, 2, 3, 4)).label("pad edge with axes").check();
  }
}
