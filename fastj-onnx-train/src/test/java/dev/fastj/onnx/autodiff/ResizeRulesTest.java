package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resize runs in float32 only on ONNX Runtime's CPU provider; the map is linear in X, so the
 * central differences have no truncation error and float rounding of Y (about 1e-7 relative,
 * amplified by 1/eps = 20) bounds the error: 1e-4 leaves a wide margin while a wrong
 * interpolation weight gives errors of order 0.1 or more.
 */
class ResizeRulesTest {

  private static final DataType F = DataType.FLOAT;

  private static double error(Map<String, Object> attrs, float[] scales, long[] sizes, long... dims) {
    Map<String, Tensor> in = Map.of("x", NnCheck.random(F, 1, dims));
    return NnCheck.maxRelError(F, in, List.of("x"), (b, n) -> {
      String s = scales == null ? "" : b.constant(Tensor.ofFloats(scales, scales.length));
      List<String> inputs = sizes == null ? List.of(n.get("x"), "", s)
          : List.of(n.get("x"), "", "", b.longs(sizes));
      return b.op("Resize", inputs, attrs);
    }, 0.05, 3);
  }

  @Test
  void nearest_integerScale_usesBlockSums() {
    double e = error(Map.of("mode", "nearest"), new float[] {1, 1, 2, 3}, null, 2, 3, 3, 2);
    System.out.println("nearest x2 " + e);
    assertThat(e).isLessThan(1e-4);
  }

  @Test
  void nearest_asymmetricFloor_nonIntegerSizes() {
    double e = error(Map.of("mode", "nearest", "coordinate_transformation_mode", "asymmetric",
        "nearest_mode", "floor"), null, new long[] {2, 2, 5, 7}, 2, 2, 3, 4);
    System.out.println("nearest sizes " + e);
    assertThat(e).isLessThan(1e-4);
  }

  @Test
  void bilinear_halfPixel_scale2() {
    double e = error(Map.of("mode", "linear"), new float[] {1, 1, 2, 2}, null, 2, 3, 4, 3);
    System.out.println("bilinear x2 " + e);
    assertThat(e).isLessThan(1e-4);
  }

  @Test
  void bilinear_alignCorners_sizes() {
    double e = error(Map.of("mode", "linear", "coordinate_transformation_mode", "align_corners"),
        null, new long[] {1, 2, 7, 5}, 1, 2, 3, 4);
    System.out.println("bilinear align " + e);
    assertThat(e).isLessThan(1e-4);
  }

  @Test
  void bilinear_pytorchHalfPixel_downsample() {
    double e = error(Map.of("mode", "linear", "coordinate_transformation_mode", "pytorch_half_pixel"),
        new float[] {1, 1, 0.5f, 0.75f}, null, 2, 2, 6, 8);
    System.out.println("bilinear down " + e);
    assertThat(e).isLessThan(1e-4);
  }

  @Test
  void pad_constant_positiveAndNegative_withValueGradient_double() {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", NnCheck.random(DataType.DOUBLE, 1, 2, 3, 4));
    in.put("c", Tensor.ofDoubles(new double[] {0.7}));
    double e = NnCheck.maxRelError(DataType.DOUBLE, in, List.of("x", "c"), (b, n) ->
        b.op("Pad", n.get("x"), b.longs(0, 1, -1, 1, 2, 2), n.get("c")), 1e-6, 3);
    System.out.println("pad " + e);
    assertThat(e).isLessThan(1e-7);
  }
}
