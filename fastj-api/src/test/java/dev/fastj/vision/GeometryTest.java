package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.BatchContext;
import dev.fastj.data.Block.Spatial;
import dev.fastj.data.TensorData;
import dev.fastj.data.TransformContext;
import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.internal.Warp;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeometryTest {

  private static final TransformContext VALID = new TransformContext(false, new Random(0), "item");

  /** A 1-channel image of h x w whose value at (x, y) is x (a horizontal ramp). */
  private static ImageTensor ramp(int h, int w) {
    float[] v = new float[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        v[y * w + x] = x;
      }
    }
    return new ImageTensor(v, 1, h, w);
  }

  private static float at(ImageTensor t, int x, int y) {
    return t.chw()[y * t.width() + x];
  }

  @Test
  void warp_invertAndMultiply_giveIdentity() {
    double[] m = Warp.multiply(Augment.rotateMatrix(30), Augment.zoomMatrix(1.3, 0.2, 0.9));
    double[] id = Warp.multiply(m, Warp.invert(m));
    assertThat(id).containsExactly(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, within(1e-12));
  }

  @Test
  void resizeSquish_averagesPairsWhenHalving() {
    ImageTensor out = (ImageTensor) Resize.of(4, 4).withMethod(Resize.Method.SQUISH).apply(List.of(ramp(4, 8)), VALID).get(0);
    assertThat(out.width()).isEqualTo(4);
    for (int x = 0; x < 4; x++) {
      assertThat(at(out, x, 2)).isCloseTo(2 * x + 0.5f, within(1e-5f));
    }
  }

  @Test
  void resize_shrinkingACheckerboard_averagesInsteadOfAliasing() {
    float[] v = new float[64 * 64];
    for (int i = 0; i < v.length; i++) {
      v[i] = ((i / 64) + (i % 64)) % 2;
    }
    ImageTensor out = (ImageTensor) Resize.of(8).withMethod(Resize.Method.SQUISH)
        .apply(List.of(new ImageTensor(v, 1, 64, 64)), VALID).get(0);
    for (float f : out.chw()) {
      assertThat(f).isCloseTo(0.5f, within(1e-5f));
    }
  }

  @Test
  void resizeCrop_validTakesCentre_andMovesMaskAndPointsAlike() {
    int[] codes = new int[4 * 8];
    codes[1 * 8 + 3] = 1;
    List<Object> sample = List.of(ramp(4, 8), new MaskTensor(codes, 4, 8), new PointsTensor(new float[] {3.5f, 1.5f}, 4, 8));
    List<Object> out = Resize.of(4).apply(sample, VALID);
    ImageTensor img = (ImageTensor) out.get(0);
    for (int x = 0; x < 4; x++) {
      assertThat(at(img, x, 0)).isCloseTo(2 + x, within(1e-5f));
    }
    MaskTensor m = (MaskTensor) out.get(1);
    assertThat(m.codes()[1 * 4 + 1]).isEqualTo(1);
    assertThat(java.util.Arrays.stream(m.codes()).sum()).isEqualTo(1);
    PointsTensor p = (PointsTensor) out.get(2);
    assertThat(p.xy()).containsExactly(new float[] {1.5f, 1.5f}, within(1e-5f));
    assertThat(p.width()).isEqualTo(4);
  }

  @Test
  void resizeCrop_trainIsRandomButSeeded() {
    ImageTensor src = ramp(4, 40);
    float a = at((ImageTensor) Resize.of(4).apply(List.of(src), new TransformContext(true, new Random(1), "i")).get(0), 0, 0);
    float b = at((ImageTensor) Resize.of(4).apply(List.of(src), new TransformContext(true, new Random(1), "i")).get(0), 0, 0);
    assertThat(a).isEqualTo(b);
    boolean differs = false;
    for (int s = 2; s < 12 && !differs; s++) {
      differs = at((ImageTensor) Resize.of(4).apply(List.of(src), new TransformContext(true, new Random(s * 0x9E3779B97F4A7C15L), "i")).get(0), 0, 0) != a;
    }
    assertThat(differs).isTrue();
  }

  @Test
  void resizePad_keepsWholeImageAndReflectsTheRest() {
    ImageTensor src = new ImageTensor(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 4);
    ImageTensor out = (ImageTensor) Resize.of(4).withMethod(Resize.Method.PAD).apply(List.of(src), VALID).get(0);
    assertThat(out.height()).isEqualTo(4);
    assertThat(at(out, 0, 1)).isCloseTo(1, within(1e-5f));
    assertThat(at(out, 3, 2)).isCloseTo(8, within(1e-5f));
    assertThat(at(out, 0, 0)).isCloseTo(1, within(1e-5f));
    assertThat(at(out, 0, 3)).isCloseTo(5, within(1e-5f));
  }

  @Test
  void randomResizedCrop_validIsCentreOfResizedImage_trainStaysInside() {
    ImageTensor src = ramp(16, 16);
    ImageTensor v = (ImageTensor) RandomResizedCrop.of(8).apply(List.of(src), VALID).get(0);
    for (int x = 0; x < 8; x++) {
      assertThat(at(v, x, 0)).isCloseTo(4 + x, within(1e-5f));
    }
    for (int s = 0; s < 20; s++) {
      ImageTensor t = (ImageTensor) RandomResizedCrop.of(8).apply(List.of(src), new TransformContext(true, new Random(s), "i")).get(0);
      for (float f : t.chw()) {
        assertThat(f).isBetween(0f, 15f);
      }
    }
  }

  @Test
  void randomCrop_smallerImage_namesBothSizes() {
    assertThatThrownBy(() -> RandomCrop.of(32).apply(List.of(ramp(20, 24)), VALID))
        .hasMessageContaining("20x24").hasMessageContaining("32x32");
    ImageTensor c = (ImageTensor) RandomCrop.of(2).apply(List.of(ramp(2, 6)), VALID).get(0);
    assertThat(at(c, 0, 0)).isEqualTo(2f);
  }

  @Test
  void augmentFlip_mirrorsImageExactly() {
    TensorData img = TensorData.ofFloats(ramp(2, 8).chw(), 1, 1, 2, 8);
    Augment.transforms().applyDraws(List.of(img), List.of(Spatial.IMAGE),
        List.of(new Augment.Draw(Augment.flipMatrix(), 0, 1)), new BatchContext(true, new Random(0), null));
    float[] v = img.toFloatArray();
    for (int x = 0; x < 8; x++) {
      assertThat(v[x]).isCloseTo(7 - x, within(1e-5f));
    }
  }

  @Test
  void augmentRotate90_movesPixelMaskAndPointToWhereMatrixSays() {
    int n = 9;
    float[] img = new float[n * n];
    long[] mask = new long[n * n];
    img[4 * n + 6] = 1f;
    mask[4 * n + 6] = 3;
    float srcX = 2f * 6.5f / n - 1;
    float srcY = 2f * 4.5f / n - 1;
    TensorData ti = TensorData.ofFloats(img, 1, 1, n, n);
    TensorData tm = TensorData.ofLongs(mask, 1, n, n);
    TensorData tp = TensorData.ofFloats(new float[] {srcX, srcY}, 1, 2);
    double[] m = Augment.rotateMatrix(90);
    Augment.transforms().applyDraws(List.of(ti, tm, tp), List.of(Spatial.IMAGE, Spatial.MASK, Spatial.POINTS),
        List.of(new Augment.Draw(m, 0, 1)), new BatchContext(true, new Random(0), null));
    // rotate_mat(90) maps output (x, y) to source (y, -x): the source point lands at (-srcY, srcX)
    float[] p = tp.toFloatArray();
    assertThat(p[0]).isCloseTo(-srcY, within(1e-5f));
    assertThat(p[1]).isCloseTo(srcX, within(1e-5f));
    int px = (int) Math.floor((p[0] + 1) / 2 * n);
    int py = (int) Math.floor((p[1] + 1) / 2 * n);
    assertThat(px).isEqualTo(4);
    assertThat(py).isEqualTo(6);
    float[] outImg = ti.toFloatArray();
    assertThat(outImg[py * n + px]).isCloseTo(1f, within(1e-4f));
    long[] outMask = tm.toLongArray();
    assertThat(outMask[py * n + px]).isEqualTo(3);
    assertThat(java.util.Arrays.stream(outMask).filter(c -> c == 3).count()).isEqualTo(1);
  }

  @Test
  void zoomMatrix_centredZoomTwo_doublesPointCoordinates() {
    double[] z = Augment.zoomMatrix(2, 0.5, 0.5);
    float[] moved = Warp.movePoints(new float[] {0.25f, -0.5f}, z);
    assertThat(moved).containsExactly(new float[] {0.5f, -1f}, within(1e-6f));
  }

  @Test
  void warpMatrix_sendsTargetCornersToOriginalCorners() {
    double xt = 0.1;
    double yt = -0.15;
    double[] w = Augment.warpMatrix(xt, yt);
    double[][] orig = {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
    double[][] targ = {{-1 - yt, -1 - xt}, {-1 + yt, 1 + xt}, {1 + yt, -1 + xt}, {1 - yt, 1 - xt}};
    for (int i = 0; i < 4; i++) {
      assertThat(Warp.apply(w, targ[i][0], targ[i][1])).containsExactly(orig[i], within(1e-9));
    }
  }

  @Test
  void solve_needsAPivotSwap_andRefusesASingularSystem() {
    // a zero in the first pivot: elimination without row swaps would divide by it
    double[][] a = {{0, 2, 1}, {1, 1, 1}, {2, 1, 3}};
    double[] x = {1.5, -2, 0.25};
    double[] b = new double[3];
    for (int i = 0; i < 3; i++) {
      b[i] = a[i][0] * x[0] + a[i][1] * x[1] + a[i][2] * x[2];
    }
    assertThat(Warp.solve(a, b)).containsExactly(x, within(1e-12));
    assertThat(a[0]).containsExactly(0, 2, 1);
    assertThatThrownBy(() -> Warp.solve(new double[][] {{1, 2}, {2, 4}}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("singular");
  }

  @Test
  void lighting_brightnessAndContrastInLogitSpace() {
    TensorData img = TensorData.ofFloats(new float[] {0.5f, (float) (1 / (1 + Math.exp(-1)))}, 1, 1, 1, 2);
    Augment.transforms().applyDraws(List.of(img), List.of(Spatial.IMAGE),
        List.of(new Augment.Draw(Warp.identity(), 0, 2)), new BatchContext(true, new Random(0), null));
    float[] v = img.toFloatArray();
    assertThat(v[0]).isCloseTo(0.5f, within(1e-5f));
    assertThat(v[1]).isCloseTo((float) (1 / (1 + Math.exp(-2))), within(1e-5f));
    TensorData b = TensorData.ofFloats(new float[] {0.5f}, 1, 1, 1, 1);
    Augment.transforms().applyDraws(List.of(b), List.of(Spatial.IMAGE),
        List.of(new Augment.Draw(Warp.identity(), Math.log(0.6 / 0.4), 1)), new BatchContext(true, new Random(0), null));
    assertThat(b.toFloatArray()[0]).isCloseTo(0.6f, within(1e-5f));
  }

  @Test
  void lighting_tableForLargeImages_agreesWithExactFormula() {
    float[] big = new float[3 * 128 * 128];
    Random r = new Random(9);
    for (int i = 0; i < big.length; i++) {
      big[i] = i < 8 ? i / 7f : r.nextFloat();
    }
    float[] exact = big.clone();
    for (double[] bc : new double[][] {{0.4, 0.8}, {-0.4, 1.25}, {0.1, 1}}) {
      float[] viaTable = big.clone();
      Augment.lighting(viaTable, bc[0], bc[1]);
      for (int i = 0; i < big.length; i += 97) {
        float x = Math.min(1 - 1e-7f, Math.max(1e-7f, exact[i]));
        double want = 1 / (1 + Math.exp(-(Math.log(x / (1 - x)) + bc[0]) * bc[1]));
        assertThat((double) viaTable[i]).isCloseTo(want, within(1e-3));
      }
    }
  }

  @Test
  void augment_onlyOnTraining_andSeeded() {
    float[] v = new float[2 * 3 * 16 * 16];
    Random r = new Random(5);
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat();
    }
    TensorData valid = TensorData.ofFloats(v, 2, 3, 16, 16);
    Augment.transforms().apply(List.of(valid), List.of(Spatial.IMAGE), new BatchContext(false, new Random(1), null));
    assertThat(valid.toFloatArray()).containsExactly(v);
    TensorData a = TensorData.ofFloats(v, 2, 3, 16, 16);
    TensorData b = TensorData.ofFloats(v, 2, 3, 16, 16);
    Augment.transforms().apply(List.of(a), List.of(Spatial.IMAGE), new BatchContext(true, new Random(1), null));
    Augment.transforms().apply(List.of(b), List.of(Spatial.IMAGE),
        new BatchContext(true, new Random(1), java.util.concurrent.ForkJoinPool.commonPool()));
    assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
    assertThat(a.toFloatArray()).isNotEqualTo(v);
  }

  @Test
  void draw_withEverythingOff_isIdentity() {
    Augment none = Augment.transforms().withDoFlip(false).withPAffine(0).withPLighting(0);
    Augment.Draw d = none.draw(new Random(3));
    assertThat(d.isIdentity()).isTrue();
    assertThat(d.brightness()).isZero();
    assertThat(d.contrast()).isEqualTo(1);
  }

  @Test
  void draw_defaults_rotationWithinTenDegreesAndZoomAtMostTenPercent() {
    Augment a = Augment.transforms().withDoFlip(false).withMaxWarp(0);
    for (int s = 0; s < 50; s++) {
      double[] m = a.draw(new Random(s)).matrix();
      double scale = Math.sqrt(m[0] * m[0] + m[1] * m[1]);
      assertThat(scale).isBetween(1 / 1.1 - 1e-9, 1 + 1e-9);
      double angle = Math.toDegrees(Math.atan2(m[1], m[0]));
      assertThat(Math.abs(angle)).isLessThanOrEqualTo(10 + 1e-9);
    }
  }

  @Test
  void normalize_imagenetRoundTrips_andFromDataStandardises() {
    float[] v = new float[2 * 3 * 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i % 7) / 7f;
    }
    TensorData t = TensorData.ofFloats(v, 2, 3, 2, 2);
    Normalize n = Normalize.imagenet();
    n.apply(List.of(t), List.of(Spatial.IMAGE), new BatchContext(false, new Random(0), null));
    assertThat(t.toFloatArray()[0]).isCloseTo((v[0] - 0.485f) / 0.229f, within(1e-5f));
    n.decode(List.of(t), List.of(Spatial.IMAGE));
    assertThat(t.toFloatArray()).containsExactly(v, within(1e-5f));
    Normalize fitted = (Normalize) Normalize.fromData().setup(List.of(t), List.of(Spatial.IMAGE));
    fitted.apply(List.of(t), List.of(Spatial.IMAGE), new BatchContext(false, new Random(0), null));
    float[] z = t.toFloatArray();
    double mean = 0;
    for (int b = 0; b < 2; b++) {
      for (int i = 0; i < 4; i++) {
        mean += z[b * 12 + i];
      }
    }
    assertThat(mean / 8).isCloseTo(0, within(1e-5));
    TensorData grey = TensorData.ofFloats(new float[4], 1, 1, 2, 2);
    assertThatThrownBy(() -> n.apply(List.of(grey), List.of(Spatial.IMAGE), new BatchContext(false, new Random(0), null)))
        .hasMessageContaining("3 channels").hasMessageContaining("have 1");
  }
}
