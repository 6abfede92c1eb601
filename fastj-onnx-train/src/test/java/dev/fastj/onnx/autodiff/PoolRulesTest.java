package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.DataType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of the pooling rules. MaxPool runs in float64; AveragePool and the
 * global poolings have float32 kernels only in ONNX Runtime: average pooling is linear in X
 * (no truncation error), and a global max's finite difference is exact away from ties, so
 * float32 rounding alone bounds the error far below the 2e-3 tolerance.
 */
class PoolRulesTest {

  @Test
  void maxPool_overlappingK3S2_withIndicesOutput_float64() {
    GradCheck.Report r = GradCheck.of(b -> b.op("MaxPool", List.of("x"), Map.of("kernel_shape", new long[] {3, 3},
            "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}), 2).get(0))
        .input("x", GradCheck.distinct(11, 2, 3, 7, 7)).batch("x").label("maxpool k3s2").check();
    assertThat(r.precision()).isEqualTo(DataType.DOUBLE);
  }

  @Test
  void maxPool_singleOutput_recomputesIndices_float64() {
    GradCheck.of(b -> b.op("MaxPool", List.of("x"), Map.of("kernel_shape", new long[] {2, 2},
            "strides", new long[] {2, 2}, "storage_order", 0L)))
        .input("x", GradCheck.distinct(12, 2, 2, 6, 5)).label("maxpool k2s2").check();
  }

  @Test
  void maxPool_ceilMode_dilated_float64() {
    GradCheck.of(b -> b.op("MaxPool", List.of("x"), Map.of("kernel_shape", new long[] {2, 2},
            "strides", new long[] {2, 2}, "dilations", new long[] {2, 1}, "ceil_mode", 1L)))
        .input("x", GradCheck.distinct(13, 1, 2, 7, 7)).label("maxpool ceil dilated").check();
  }

  @Test
  void averagePool_countIncludePad() {
    GradCheck.of(b -> b.op("AveragePool", List.of("x"), Map.of("kernel_shape", new long[] {3, 3},
            "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}, "count_include_pad", 1L)))
        .input("x", GradCheck.randn(14, 2, 3, 7, 6)).float32().tolerance(2e-3).batch("x")
        .label("avgpool include pad").check();
  }

  @Test
  void averagePool_excludePad_ceilMode() {
    GradCheck.of(b -> b.op("AveragePool", List.of("x"), Map.of("kernel_shape", new long[] {3, 2},
            "strides", new long[] {2, 2}, "pads", new long[] {1, 0, 1, 1}, "ceil_mode", 1L)))
        .input("x", GradCheck.randn(15, 2, 2, 8, 7)).float32().tolerance(2e-3)
        .label("avgpool exclude pad ceil").check();
  }

  @Test
  void globalAveragePool() {
    GradCheck.of(b -> b.op("GlobalAveragePool", "x"))
        .input("x", GradCheck.randn(16, 2, 3, 5, 4)).float32().tolerance(2e-3).batch("x").label("gap").check();
  }

  @Test
  void globalMaxPool() {
    GradCheck.of(b -> b.op("GlobalMaxPool", "x"))
        .input("x", GradCheck.distinct(17, 2, 3, 5, 4)).float32().tolerance(2e-3).batch("x").label("gmp").check();
  }

  @Test
  void pools_autoPad_oddTotalPad() {
    GradCheck.of(b -> b.op("AveragePool", List.of("x"), Map.of("kernel_shape", new long[] {2, 3},
            "strides", new long[] {2, 2}, "auto_pad", "SAME_UPPER")))
        .input("x", GradCheck.randn(18, 1, 2, 7, 6)).float32().tolerance(2e-3).label("avgpool same_upper").check();
    GradCheck.of(b -> b.op("MaxPool", List.of("x"), Map.of("kernel_shape", new long[] {2, 3},
            "strides", new long[] {2, 2}, "auto_pad", "SAME_LOWER")))
        .input("x", GradCheck.distinct(19, 1, 2, 7, 6)).label("maxpool same_lower").check();
  }

  @Test
  void averagePool_countIncludePad_ceilMode_windowPastThePadding() {
    GradCheck.of(b -> b.op("AveragePool", List.of("x"), Map.of("kernel_shape", new long[] {3, 3},
            "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}, "ceil_mode", 1L, "count_include_pad", 1L)))
        .input("x", GradCheck.randn(20, 2, 2, 8, 6)).float32().tolerance(2e-3).batch("x")
        .label("avgpool include pad ceil").check();
  }
}
