package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.TensorData;
import dev.fastj.nn.BCEWithLogitsLossFlat;
import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.nn.MSELossFlat;
import org.junit.jupiter.api.Test;

/** Per-item losses of a loaded model, from the loss name its export records. */
class ItemLossesByNameTest {

  private static final TensorData LOGITS = TensorData.ofFloats(new float[] {1, 2, 3, 0, 0, -1}, 2, 3);
  private static final TensorData CLASSES = TensorData.ofLongs(new long[] {2, 0}, 2);

  @Test
  void crossEntropy_isMinusTheLogSoftmaxOfTheTarget() {
    float[] l = ItemLosses.byName(CrossEntropyLossFlat.create().describe(), LOGITS, CLASSES);
    double z0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    double z1 = Math.log(2 + Math.exp(-1));
    assertThat(l[0]).isCloseTo((float) (z0 - 3), within(1e-6f));
    assertThat(l[1]).isCloseTo((float) z1, within(1e-6f));
  }

  @Test
  void labelSmoothing_mixesInTheMeanOverAllClasses() {
    String name = CrossEntropyLossFlat.create().withLabelSmoothing(0.1).describe();
    float[] l = ItemLosses.byName(name, LOGITS, CLASSES);
    double z0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    double expect = 0.9 * (z0 - 3) + 0.1 / 3 * ((z0 - 1) + (z0 - 2) + (z0 - 3));
    assertThat(l[0]).isCloseTo((float) expect, within(1e-6f));
  }

  @Test
  void elementwiseLosses_byTheirNames() {
    TensorData t = TensorData.ofFloats(new float[] {1, 0, 1, 0, 1, 0}, 2, 3);
    assertThat(ItemLosses.byName(MSELossFlat.create().describe(), LOGITS, t)[0]).isCloseTo((0 + 4 + 4) / 3f, within(1e-6f));
    float bce = ItemLosses.byName(BCEWithLogitsLossFlat.create().describe(), LOGITS, t)[1];
    double expect = (Math.log1p(Math.exp(0)) + (Math.log1p(Math.exp(0)) - 0) + Math.log1p(Math.exp(-1))) / 3;
    assertThat(bce).isCloseTo((float) expect, within(1e-6f));
  }

  @Test
  void anUnknownLoss_isRefusedWithWhatIsKnown() {
    assertThatThrownBy(() -> ItemLosses.byName("FocalLoss()", LOGITS, CLASSES))
        .hasMessageContaining("FocalLoss()").hasMessageContaining("CrossEntropyLossFlat")
        .hasMessageContaining("trained Learner");
  }
}
