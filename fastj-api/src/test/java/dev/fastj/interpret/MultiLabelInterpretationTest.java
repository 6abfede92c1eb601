package dev.fastj.interpret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.vision.image.ImageTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiLabelInterpretationTest {

  private static final List<String> TAGS = List.of("bag", "coat", "shoe");
  private static final float[][] PROBS = {
    {0.9f, 0.1f, 0.1f}, // 0: bag, right
    {0.3f, 0.8f, 0.1f}, // 1: bag coat; actual coat shoe: extra bag, missed shoe
    {0.1f, 0.1f, 0.7f}, // 2: shoe, right
  };
  private static final float[][] TARGETS = {{1, 0, 0}, {0, 1, 1}, {0, 0, 1}};
  private static final float[] LOSSES = {0.05f, 1.2f, 0.3f};

  private static MultiLabelInterpretation interp() {
    return MultiLabelInterpretation.from(PROBS, TARGETS, LOSSES, TAGS, 0.25,
        i -> ImageTensor.zeros(1, 28, 28), i -> "item" + i);
  }

  @Test
  void topLosses_giveTheWorstItemsFirst_withPredictedActualMissedAndExtraTags() {
    List<MultiLabelTopLoss> top = interp().topLosses(2);
    assertThat(top).extracting(MultiLabelTopLoss::index).containsExactly(1, 2);
    MultiLabelTopLoss worst = top.get(0);
    assertThat(worst.predicted()).containsExactly("bag", "coat");
    assertThat(worst.actual()).containsExactly("coat", "shoe");
    assertThat(worst.missed()).containsExactly("shoe");
    assertThat(worst.extra()).containsExactly("bag");
    assertThat(worst.item()).isEqualTo("item1");
    assertThat(interp().topLosses(10)).hasSize(3);
  }

  @Test
  void tagReport_countsEachTagOverTheThreshold() {
    List<ClassMetrics> r = interp().tagReport();
    // bag: predicted for 0 and 1, true for 0: precision 1/2, recall 1; shoe: predicted for 2, true for 1 and 2
    assertThat(r.get(0).precision()).isCloseTo(0.5, within(1e-9));
    assertThat(r.get(0).recall()).isCloseTo(1.0, within(1e-9));
    assertThat(r.get(2).recall()).isCloseTo(0.5, within(1e-9));
    assertThat(r.get(2).support()).isEqualTo(2);
    assertThat(r.get(2).f1()).isCloseTo(2.0 / 3, within(1e-9));
  }

  @Test
  void plotTopLosses_writesAPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("top.png");
    interp().plotTopLosses(3, png);
    assertThat(Files.size(png)).isPositive();
  }

  @Test
  void singleLabelRows_areSentToClassificationInterpretation() {
    assertThatThrownBy(() -> MultiLabelInterpretation.from(PROBS, new float[][] {{0}, {1}, {2}}, LOSSES, TAGS, 0.5,
        null, null)).hasMessageContaining("row 0 has 3 probabilities and 1 targets").hasMessageContaining(
            "ClassificationInterpretation");
    assertThatThrownBy(() -> MultiLabelInterpretation.from(PROBS, TARGETS, LOSSES, TAGS, 0.5, null, null)
        .plotTopLosses(3, Path.of("x.png"))).hasMessageContaining("no images");
  }
}
