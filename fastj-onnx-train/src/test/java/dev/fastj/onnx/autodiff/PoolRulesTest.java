package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolRulesTest {

  private static double error(DataType t, String op, Map<String, Object> attrs, int outputs, long... dims) {
    Map<String, Tensor> in = Map.of("x", NnCheck.random(t, 11, dims));
    double eps = t == DataType.DOUBLE ? 1e-6 : 0.05;
    return NnCheck.maxRelError(t, in, List.of("x"),
        (b, n) -> b.op(op, List.of(n.get("x")), attrs, outputs).get(0), eps, 5);
  }

  @Test
  void maxPool_overlappingK3S2_withIndicesOutput_double() {
    double e = error(DataType.DOUBLE, "MaxPool", Map.of("kernel_shape", new long[] {3, 3},
        "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}), 2, 2, 3, 7, 7);
    System.out.println("maxpool k3s2 " + e);
    assertThat(e).isLessThan(1e-7);
  }

  @Test
  void maxPool_withoutIndices_recomputesThem_double() {
    double e = error(DataType.DOUBLE, "MaxPool", Map.of("kernel_shape", new long[] {2, 2},
        "strides", new long[] {2, 2}), 1, 2, 2, 6, 6);
    System.out.println("maxpool k2s2 " + e);
    assertThat(e).isLessThan(1e-7);
  }

  @Test
  void averagePool_countIncludePad_float() {
    double e = error(DataType.FLOAT, "AveragePool", Map.of("kernel_shape", new long[] {3, 3},
        "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}, "count_include_pad", 1L), 1, 2, 3, 7, 6);
    System.out.println("avgpool incl " + e);
    assertThat(e).isLessThan(1e-4);
  }

  @Test
  void averagePool_excludePad_ceilMode_float() {
    double e = error(DataType.FLOAT, "AveragePool", Map.of("kernel_shape", new long[] {3, 2},
        "strides", new long[] {2, 2}, "pads", new long[] {1, 0, 1, 1}, "ceil_mode", 1L), 1, 2, 2, 8, 7);
    System.out.println("avgpool excl ceil " + e);
    assertThat(e).isLessThan(1e-4);
  }

  @Test
  void globalAveragePool_float() {
    double e = error(DataType.FLOAT, "GlobalAveragePool", Map.of(), 1, 2, 3, 5, 4);
    System.out.println("gap " + e);
    assertThat(e).isLessThan(1e-4);
  }

  @Test
  void globalMaxPool_float() {
    double e = error(DataType.FLOAT, "GlobalMaxPool", Map.of(), 1, 2, 3, 5, 4);
    System.out.println("gmp " + e);
    assertThat(e).isLessThan(1e-4);
  }
}
