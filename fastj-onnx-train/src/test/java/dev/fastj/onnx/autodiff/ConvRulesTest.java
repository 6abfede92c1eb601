package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.DataType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of the Conv and ConvTranspose rules. ONNX Runtime's CPU provider
 * has Conv and ConvTranspose in float32 only, so these run in float32 (GradCheck sums the
 * loss in float64, with steps of 1e-2). The output is linear in each input, so central
 * differences have no truncation error; what remains is the float32 rounding of Y (about
 * 6e-8 relative per element, a few 1e-6 on the loss), divided by the step: about 1e-4
 * absolute, which on the smallest gradient elements (~0.01) reads as up to 3.3e-3 relative
 * (measured). A wrong tap, pad, stride or group mapping puts whole elements off by O(1), so
 * GradCheck's float32 tolerance of 1e-2 still tells them apart.
 */
class ConvRulesTest {

  private static final double TOL = 1e-2;

  private static GradCheck.Report conv(long[] x, long[] w, boolean bias, Map<String, Object> attrs, String label) {
    GradCheck c = GradCheck.of(b -> b.op("Conv", bias ? List.of("x", "w", "b") : List.of("x", "w"), attrs))
        .input("x", GradCheck.randn(1, x))
        .input("w", GradCheck.randn(2, w))
        .float32().tolerance(TOL).batch("x").label(label);
    if (bias) {
      c.input("b", GradCheck.randn(3, w[0]));
    }
    return c.check();
  }

  @Test
  void conv_3x3_unitStride_flippedWeightPath() {
    GradCheck.Report r = conv(new long[] {2, 3, 6, 6}, new long[] {4, 3, 3, 3}, true,
        Map.of("pads", new long[] {1, 1, 1, 1}), "conv 3x3 s1");
    assertThat(r.precision()).isEqualTo(DataType.FLOAT);
  }

  @Test
  void conv_largerMaps_stridedDilatedAsymmetric_perImageUnfold() {
    // output maps over 16 pixels take the per-image products of the unfolded weight gradient: 6x9 here, 20 in 1-D
    conv(new long[] {2, 3, 11, 10}, new long[] {4, 3, 3, 2}, true, Map.of("strides", new long[] {2, 1},
        "dilations", new long[] {1, 2}, "pads", new long[] {1, 0, 2, 1}), "conv large s2x1 d1x2");
    conv(new long[] {2, 3, 40}, new long[] {2, 3, 3}, false,
        Map.of("strides", new long[] {2}, "dilations", new long[] {2}, "pads", new long[] {1, 2}), "conv1d large");
  }

  @Test
  void conv_padsLargerThanKernel_fallsBackToConvTranspose() {
    conv(new long[] {2, 2, 5, 5}, new long[] {3, 2, 2, 2}, false,
        Map.of("pads", new long[] {2, 0, 2, 1}), "conv big pads");
  }

  @Test
  void conv_strided_padded() {
    conv(new long[] {2, 3, 7, 6}, new long[] {4, 3, 3, 3}, true,
        Map.of("strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}), "conv s2 p1");
  }

  @Test
  void conv_1x1_stride2_shortcut() {
    conv(new long[] {2, 4, 6, 6}, new long[] {6, 4, 1, 1}, false,
        Map.of("strides", new long[] {2, 2}), "conv 1x1 s2");
  }

  @Test
  void conv_dilated_grouped_asymmetricPads() {
    conv(new long[] {2, 4, 8, 7}, new long[] {6, 2, 3, 2}, true,
        Map.of("dilations", new long[] {2, 1}, "group", 2L, "pads", new long[] {1, 0, 2, 1}), "conv dil grp");
  }

  @Test
  void conv_depthwise_strided_multiplier2() {
    conv(new long[] {2, 3, 7, 7}, new long[] {6, 1, 3, 3}, false,
        Map.of("group", 3L, "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}), "conv depthwise");
  }

  @Test
  void conv_autoPadSameUpper_stride2() {
    conv(new long[] {1, 2, 6, 5}, new long[] {3, 2, 3, 3}, false,
        Map.of("auto_pad", "SAME_UPPER", "strides", new long[] {2, 2}), "conv same_upper");
  }

  @Test
  void conv_1d_strided_dilated() {
    conv(new long[] {2, 3, 11}, new long[] {2, 3, 3}, true,
        Map.of("strides", new long[] {2}, "dilations", new long[] {2}, "pads", new long[] {1, 2}), "conv1d");
  }

  @Test
  void convTranspose_strided_outputPadding_grouped() {
    GradCheck.of(b -> b.op("ConvTranspose", List.of("x", "w", "b"), Map.of("strides", new long[] {2, 2},
            "pads", new long[] {1, 1, 1, 1}, "output_padding", new long[] {1, 1}, "group", 2L)))
        .input("x", GradCheck.randn(1, 2, 4, 3, 3))
        .input("w", GradCheck.randn(2, 4, 3, 3, 3))
        .input("b", GradCheck.randn(3, 6))
        .float32().tolerance(TOL).batch("x").label("convT s2 op1 g2").check();
  }

  @Test
  void convTranspose_outputShape_dilated() {
    GradCheck.of(b -> b.op("ConvTranspose", List.of("x", "w"), Map.of("strides", new long[] {3, 2},
            "dilations", new long[] {1, 2}, "output_shape", new long[] {10, 8})))
        .input("x", GradCheck.randn(1, 1, 2, 3, 3))
        .input("w", GradCheck.randn(2, 2, 3, 2, 2))
        .float32().tolerance(TOL).label("convT output_shape").check();
  }

  @Test
  void convTranspose_autoPadSameUpper_stride2() {
    GradCheck.of(b -> b.op("ConvTranspose", List.of("x", "w"), Map.of("strides", new long[] {2, 2},
            "auto_pad", "SAME_UPPER")))
        .input("x", GradCheck.randn(1, 2, 2, 3, 4))
        .input("w", GradCheck.randn(2, 2, 3, 2, 3))
        .float32().tolerance(TOL).batch("x").label("convT same_upper").check();
  }

  @Test
  void convTranspose_outputShape_oddTotalPad_and_sameLower() {
    GradCheck.of(b -> b.op("ConvTranspose", List.of("x", "w"), Map.of("strides", new long[] {2, 2},
            "output_shape", new long[] {6, 5})))
        .input("x", GradCheck.randn(1, 1, 2, 3, 3))
        .input("w", GradCheck.randn(2, 2, 2, 3, 3))
        .float32().tolerance(TOL).label("convT odd output_shape").check();
    GradCheck.of(b -> b.op("ConvTranspose", List.of("x", "w"), Map.of("strides", new long[] {2, 2},
            "auto_pad", "SAME_LOWER")))
        .input("x", GradCheck.randn(3, 1, 2, 3, 3))
        .input("w", GradCheck.randn(4, 2, 2, 3, 2))
        .float32().tolerance(TOL).label("convT same_lower").check();
  }
}
