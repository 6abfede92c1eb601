package dev.fastj.interpret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.vision.image.ImageTensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassificationInterpretationTest {

  @TempDir Path dir;

  private static final List<String> VOCAB = List.of("cat", "dog", "fox");
  // ten items, worked by hand: predictions are the row maxima
  private static final float[][] PROBS = {
    {0.7f, 0.2f, 0.1f}, // 0 cat -> cat
    {0.1f, 0.8f, 0.1f}, // 1 cat -> dog
    {0.2f, 0.5f, 0.3f}, // 2 cat -> dog
    {0.1f, 0.6f, 0.3f}, // 3 dog -> dog
    {0.5f, 0.3f, 0.2f}, // 4 dog -> cat
    {0.1f, 0.1f, 0.8f}, // 5 fox -> fox
    {0.3f, 0.6f, 0.1f}, // 6 fox -> dog
    {0.2f, 0.2f, 0.6f}, // 7 fox -> fox
    {0.2f, 0.7f, 0.1f}, // 8 dog -> dog
    {0.1f, 0.2f, 0.7f}, // 9 fox -> fox
  };
  private static final int[] TARGETS = {0, 0, 0, 1, 1, 2, 2, 2, 1, 2};

  /** Cross-entropy of each item: -ln(probability of its target). */
  private static float[] losses() {
    float[] l = new float[TARGETS.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = (float) -Math.log(PROBS[i][TARGETS[i]]);
    }
    return l;
  }

  private static ImageTensor imageOf(int i) {
    float[] v = new float[28 * 28];
    Arrays.fill(v, i / 10f);
    return new ImageTensor(v, 1, 28, 28);
  }

  private static ClassificationInterpretation interp() {
    return ClassificationInterpretation.from(PROBS, TARGETS, losses(), VOCAB,
        ClassificationInterpretationTest::imageOf, i -> "item" + i + ".png");
  }

  @Test
  void confusionMatrix_rowsActualColumnsPredicted() {
    assertThat(interp().confusionMatrix())
        .isDeepEqualTo(new int[][] {{1, 2, 0}, {1, 2, 0}, {0, 1, 3}});
    assertThat(interp().predictions()).containsExactly(0, 1, 1, 1, 0, 2, 1, 2, 1, 2);
  }

  @Test
  void mostConfused_largestFirst_tiesInMatrixOrder() {
    assertThat(interp().mostConfused()).containsExactly(
        new Confusion("cat", "dog", 2),
        new Confusion("dog", "cat", 1),
        new Confusion("fox", "dog", 1));
    assertThat(interp().mostConfused(2)).containsExactly(new Confusion("cat", "dog", 2));
    assertThat(interp().mostConfused(3)).isEmpty();
  }

  @Test
  void topLosses_largestFirst_withPredictionAndProbability() {
    List<TopLoss> top = interp().topLosses(3);
    assertThat(top).extracting(TopLoss::index).containsExactly(1, 6, 2);
    TopLoss first = top.get(0);
    assertThat(first.loss()).isCloseTo((float) -Math.log(0.1), within(1e-6f));
    assertThat(first.predicted()).isEqualTo("dog");
    assertThat(first.actual()).isEqualTo("cat");
    assertThat(first.probability()).isEqualTo(0.8f);
    assertThat(first.item()).isEqualTo("item1.png");
    assertThat(top.get(1)).extracting(TopLoss::actual, TopLoss::probability)
        .containsExactly("fox", 0.6f);
    assertThat(top.get(2).loss()).isCloseTo((float) -Math.log(0.2), within(1e-6f));

    assertThat(interp().topLosses(2, false)).extracting(TopLoss::index).containsExactly(5, 0);
    assertThat(interp().topLosses(100)).hasSize(10);
  }

  @Test
  void classificationReport_valuesAndSklearnText() {
    ClassificationReport r = interp().classificationReport();
    ClassMetrics cat = r.forClass("cat");
    assertThat(cat.precision()).isCloseTo(0.5, within(1e-12));
    assertThat(cat.recall()).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(cat.f1()).isCloseTo(0.4, within(1e-12));
    assertThat(cat.support()).isEqualTo(3);
    ClassMetrics fox = r.forClass("fox");
    assertThat(fox.precision()).isEqualTo(1.0);
    assertThat(fox.recall()).isCloseTo(0.75, within(1e-12));
    assertThat(fox.f1()).isCloseTo(6 / 7.0, within(1e-12));
    assertThat(r.accuracy()).isCloseTo(0.6, within(1e-12));
    assertThat(r.macroAvg().precision()).isCloseTo((0.5 + 0.4 + 1.0) / 3, within(1e-12));
    assertThat(r.macroAvg().f1()).isCloseTo((0.4 + 0.5 + 6 / 7.0) / 3, within(1e-12));
    assertThat(r.weightedAvg().precision()).isCloseTo((0.5 * 3 + 0.4 * 3 + 1.0 * 4) / 10, within(1e-12));
    assertThat(r.weightedAvg().recall()).isCloseTo(0.6, within(1e-12));
    assertThat(r.weightedAvg().support()).isEqualTo(10);

    assertThat(r.toString()).isEqualTo(
        "              precision    recall  f1-score   support\n"
            + "\n"
            + "         cat       0.50      0.33      0.40         3\n"
            + "         dog       0.40      0.67      0.50         3\n"
            + "         fox       1.00      0.75      0.86         4\n"
            + "\n"
            + "    accuracy                           0.60        10\n"
            + "   macro avg       0.63      0.58      0.59        10\n"
            + "weighted avg       0.67      0.60      0.61        10\n");
  }

  @Test
  void classificationReport_classNeverPredictedOrPresent_countsAsZero() {
    float[][] probs = {{0.9f, 0.1f, 0f}, {0.8f, 0.2f, 0f}};
    ClassificationReport r = ClassificationInterpretation.from(probs, new int[] {0, 1},
        new float[] {0.1f, 1.6f}, VOCAB, null, null).classificationReport();
    assertThat(r.forClass("dog")).isEqualTo(new ClassMetrics("dog", 0, 0, 0, 1));
    assertThat(r.forClass("fox")).isEqualTo(new ClassMetrics("fox", 0, 0, 0, 0));
    assertThat(r.forClass("cat").precision()).isEqualTo(0.5);
    assertThat(r.macroAvg().recall()).isCloseTo(1 / 3.0, within(1e-12));
  }

  @Test
  void plots_writeReadablePngs() throws IOException {
    Path cm = dir.resolve("cm.png");
    interp().plotConfusionMatrix(cm);
    BufferedImage cmImage = ImageIO.read(cm.toFile());
    assertThat(cmImage.getWidth()).isGreaterThan(300);

    Path top = dir.resolve("top.png");
    interp().plotTopLosses(4, top);
    BufferedImage topImage = ImageIO.read(top.toFile());
    // 4 images: fastai's grid of 2 rows and 2 columns of 140 px cells
    assertThat(topImage.getWidth()).isEqualTo(8 + 2 * (140 + 8));
    assertThat(topImage.getHeight()).isGreaterThan(2 * 140 + 40);
  }

  @Test
  void from_rejectsMismatchedInputs() {
    assertThatThrownBy(() -> ClassificationInterpretation.from(PROBS, new int[] {0}, losses(),
        VOCAB, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probabilities has 10 rows, targets 1 and losses 10");
    assertThatThrownBy(() -> ClassificationInterpretation.from(new float[][] {{1f, 0f, 0f}},
        new int[] {3}, new float[] {0f}, VOCAB, null, null))
        .hasMessageContaining("target 3 of item 0 is not a class index 0..2");
    assertThatThrownBy(() -> ClassificationInterpretation.from(PROBS, TARGETS, losses(),
        VOCAB, null, null).plotTopLosses(3, dir.resolve("x.png")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no images");
  }
}
