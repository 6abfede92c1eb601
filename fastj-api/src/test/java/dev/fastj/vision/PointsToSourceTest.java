package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.ItemTransform;
import dev.fastj.data.TransformContext;
import dev.fastj.vision.image.ImageTensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A point model's outputs go back to pixels of the original image through the inverse of the resize. */
class PointsToSourceTest {

  private static void roundTrip(InferenceTransforms t, ItemTransform tfm, int h, int w) {
    float[] src = {3.5f, 7.25f, w - 2f, h / 2f};
    List<Object> out = tfm.apply(List.of(new ImageTensor(new float[h * w], 1, h, w), new PointsTensor(src, h, w)),
        new TransformContext(false, new Random(0), "item"));
    PointsTensor p = (PointsTensor) out.get(1);
    float[] scaled = new float[4];
    for (int i = 0; i < 4; i += 2) {
      scaled[i] = p.xy()[i] * 2f / p.width() - 1;
      scaled[i + 1] = p.xy()[i + 1] * 2f / p.height() - 1;
    }
    assertThat(t.pointsToSource(scaled, h, w)).containsExactly(src, within(1e-3f));
  }

  @Test
  void pointsToSource_invertsCropPadSquishAndRandomResizedCrop() {
    for (Resize.Method m : Resize.Method.values()) {
      Resize r = Resize.of(32, 24).withMethod(m);
      InferenceTransforms t = new InferenceTransforms(true, "resize", 32, 24, m, PadMode.REFLECTION, 0, null, null);
      roundTrip(t, r, 40, 60);
      roundTrip(t, r, 90, 30);
    }
    RandomResizedCrop rrc = RandomResizedCrop.of(32);
    InferenceTransforms t = new InferenceTransforms(false, "random_resized_crop", 32, 32, Resize.Method.CROP,
        PadMode.REFLECTION, rrc.valXtra(), null, null);
    roundTrip(t, rrc, 50, 70);
  }

  @Test
  void pointsToSource_withoutResize_scalesByTheImageSize() {
    InferenceTransforms t = new InferenceTransforms(true, "none", 0, 0, Resize.Method.CROP, PadMode.REFLECTION, 0,
        null, null);
    assertThat(t.pointsToSource(new float[] {-1, 1, 0, 0}, 20, 40)).containsExactly(new float[] {0, 20, 20, 10},
        within(1e-5f));
  }
}
