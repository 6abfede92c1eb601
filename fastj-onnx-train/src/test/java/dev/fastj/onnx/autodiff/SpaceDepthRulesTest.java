package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks (float64, GradCheck's defaults; float32 where a Conv has no float64 kernel) of DepthToSpace in both modes (CRD is
 * PyTorch's PixelShuffle, the U-Net's upsampling) and SpaceToDepth. The operators only move
 * elements, so a wrong inverse permutation sends a gradient to the wrong element and shows as an
 * error of order 1, far above the tolerance. Channel counts and sizes differ on every axis, so a
 * transposed factor cannot pass by symmetry.
 */
class SpaceDepthRulesTest {

  private static GradCheck.Report depthToSpace(String mode, long block, long... dims) {
    return GradCheck.of(b -> b.op("DepthToSpace", List.of("x"), Map.of("blocksize", block, "mode", mode)))
        .input("x", GradCheck.randn(7, dims)).batch("x").label("DepthToSpace " + mode + " b" + block).check();
  }

  @Test
  void depthToSpace_crd_pixelShuffle_blocks2and3() {
    depthToSpace("CRD", 2, 2, 12, 3, 2);
    depthToSpace("CRD", 3, 1, 18, 2, 3);
  }

  @Test
  void depthToSpace_dcr_block2() {
    depthToSpace("DCR", 2, 2, 8, 2, 3);
  }

  @Test
  void spaceToDepth_block2() {
    GradCheck.Report r = GradCheck.of(b -> b.op("SpaceToDepth", List.of("x"), Map.of("blocksize", 2L)))
        .input("x", GradCheck.randn(3, 2, 3, 4, 6)).batch("x").label("SpaceToDepth b2").check();
    assertThat(r.worstError()).isLessThan(1e-6);
  }

  @Test
  void depthToSpace_crd_behindAConv_matchesTheComposedGradient() {
    // the decoder's order: a 1x1 conv to 4x the channels, then PixelShuffle, so the weight's gradient
    // passes through the rule too
    GradCheck.of(b -> {
      String c = b.op("Conv", List.of("x", "w"), Map.of("kernel_shape", new long[] {1, 1}));
      return b.op("DepthToSpace", List.of(c), Map.of("blocksize", 2L, "mode", "CRD"));
    }).input("x", GradCheck.randn(4, 2, 3, 3, 2)).input("w", GradCheck.randn(5, 8, 3, 1, 1))
        .batch("x").label("Conv + PixelShuffle").check();
  }
}
