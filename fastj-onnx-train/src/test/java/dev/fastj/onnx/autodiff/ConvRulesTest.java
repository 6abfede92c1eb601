package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvRulesTest {

  private static final DataType F = DataType.FLOAT;

  private static double convError(long[] x, long[] w, boolean bias, Map<String, Object> attrs) {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", NnCheck.random(F, 1, x));
    in.put("w", NnCheck.random(F, 2, w));
    if (bias) {
      in.put("b", NnCheck.random(F, 3, w[0]));
    }
    List<String> wrt = bias ? List.of("x", "w", "b") : List.of("x", "w");
    return NnCheck.maxRelError(F, in, wrt, (b, n) -> b.op("Conv",
        bias ? List.of(n.get("x"), n.get("w"), n.get("b")) : List.of(n.get("x"), n.get("w")), attrs), 0.05, 7);
  }

  @Test
  void conv_plain3x3() {
    double e = convError(new long[] {2, 3, 6, 6}, new long[] {4, 3, 3, 3}, true, Map.of());
    System.out.println("conv plain " + e);
    assertThat(e).isLessThan(1e-3);
  }

  @Test
  void conv_strided_padded() {
    double e = convError(new long[] {2, 3, 7, 6}, new long[] {4, 3, 3, 3}, true,
        Map.of("strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}));
    System.out.println("conv strided " + e);
    assertThat(e).isLessThan(1e-3);
  }

  @Test
  void conv_dilated_grouped_asymmetric() {
    double e = convError(new long[] {2, 4, 8, 7}, new long[] {6, 2, 3, 2}, true,
        Map.of("dilations", new long[] {2, 1}, "group", 2L, "pads", new long[] {1, 0, 2, 1}));
    System.out.println("conv dilated grouped " + e);
    assertThat(e).isLessThan(1e-3);
  }

  @Test
  void conv_depthwise_strided() {
    double e = convError(new long[] {2, 3, 7, 7}, new long[] {6, 1, 3, 3}, false,
        Map.of("group", 3L, "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}));
    System.out.println("conv depthwise " + e);
    assertThat(e).isLessThan(1e-3);
  }

  @Test
  void conv_sameUpper_stride2() {
    double e = convError(new long[] {1, 2, 6, 5}, new long[] {3, 2, 3, 3}, false,
        Map.of("auto_pad", "SAME_UPPER", "strides", new long[] {2, 2}));
    System.out.println("conv same " + e);
    assertThat(e).isLessThan(1e-3);
  }

  @Test
  void convTranspose_strided_outputPadding() {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", NnCheck.random(F, 1, 2, 4, 3, 3));
    in.put("w", NnCheck.random(F, 2, 4, 3, 3, 3));
    in.put("b", NnCheck.random(F, 3, 6));
    double e = NnCheck.maxRelError(F, in, List.of("x", "w", "b"), (b, n) -> b.op("ConvTranspose",
        List.of(n.get("x"), n.get("w"), n.get("b")), Map.of("strides", new long[] {2, 2},
            "pads", new long[] {1, 1, 1, 1}, "output_padding", new long[] {1, 1}, "group", 2L)), 0.05, 7);
    System.out.println("convT " + e);
    assertThat(e).isLessThan(1e-3);
  }
}
