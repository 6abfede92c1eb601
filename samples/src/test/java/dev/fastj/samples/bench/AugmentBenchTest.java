package dev.fastj.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import dev.fastj.data.BatchContext;
import dev.fastj.data.Block;
import dev.fastj.data.TensorData;
import dev.fastj.onnx.runtime.CompiledGraph;
import dev.fastj.onnx.runtime.SessionConfig;
import dev.fastj.vision.Augment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ONNX path of {@link AugmentBench} (AffineGrid + GridSample, {@code align_corners=0},
 * reflection) gives the picture {@link Augment} gives for the same matrix: both treat -1 and 1
 * as the outer edges of the border pixels (pixel centres at {@code i + 0.5} in Augment's pixel
 * space, which is what {@code align_corners=0} means) and both reflect about those edges.
 */
class AugmentBenchTest {

  private static final int C = 3;
  private static final int H = 9;
  private static final int W = 12;

  @Test
  void identityFlipAndRandomAffineAgreeWithAugment() throws Exception {
    List<Augment.Draw> draws = new ArrayList<>();
    draws.add(new Augment.Draw(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 0, 1));
    draws.add(new Augment.Draw(Augment.flipMatrix(), 0, 1));
    // rotation and zoom (zoom out too, so reflection padding is exercised) as Augment draws them
    Augment affine = Augment.transforms().withMaxWarp(0).withMaxLighting(0).withMaxRotate(30).withMinZoom(0.7)
        .withPAffine(1);
    Random r = new Random(3);
    for (int i = 0; i < 4; i++) {
      draws.add(affine.draw(r));
    }
    int n = draws.size();
    TensorData src = TensorData.zeros(TensorData.DType.FLOAT32, n, C, H, W);
    Random data = new Random(11);
    for (int i = 0; i < src.numel(); i++) {
      src.floats().put(i, data.nextFloat());
    }
    float[] original = src.toFloatArray();

    TensorData viaJava = TensorData.ofFloats(original, n, C, H, W);
    Augment.transforms().applyDraws(List.of(viaJava), List.of(Block.Spatial.IMAGE), draws,
        new BatchContext(true, new Random(0), null));
    TensorData viaOnnx = TensorData.ofFloats(original, n, C, H, W);
    try (CompiledGraph g = CompiledGraph.compile(AugmentBench.affineResampleModel(),
        SessionConfig.defaults().withIntraOpThreads(2))) {
      AugmentBench.resample(g, viaOnnx, draws);
    }
    float[] java = viaJava.toFloatArray();
    float[] onnx = viaOnnx.toFloatArray();
    int plane = C * H * W;
    for (int i = 0; i < plane; i++) {
      assertThat(onnx[i]).as("identity, value %s", i).isCloseTo(original[i], within(1e-6f));
    }
    for (int ch = 0; ch < C; ch++) {
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          int o = plane + (ch * H + y) * W + x;
          int mirrored = plane + (ch * H + y) * W + (W - 1 - x);
          assertThat(java[o]).as("Augment flip at %s", o).isCloseTo(original[mirrored], within(1e-6f));
          assertThat(onnx[o]).as("GridSample flip at %s", o).isCloseTo(original[mirrored], within(1e-6f));
        }
      }
    }
    for (int i = 0; i < java.length; i++) {
      assertThat(onnx[i]).as("value %s of image %s", i, i / plane).isCloseTo(java[i], within(1e-4f));
    }
  }

  @Test
  void thetaRejectsProjectiveMatrices() {
    Augment.Draw warp = new Augment.Draw(Augment.warpMatrix(0.1, 0.1), 0, 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AugmentBench.theta(Collections.nCopies(2, warp)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("affine");
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(AugmentBench.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(AugmentBench.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
  }
}
