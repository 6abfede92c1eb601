package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.metrics.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdSearchTest {

  // two items, three tags; worked by hand below
  private static final float[][] PROBS = {{0.9f, 0.30f, 0.10f}, {0.25f, 0.60f, 0.40f}};
  private static final float[][] TARGETS = {{1, 1, 0}, {1, 1, 0}};

  @Test
  void f2_isBestAtTheLowestThresholdThatKeepsEveryTrueTag_andAvoidsTheFalseOne() {
    // F2 of an item = 5 tp / (5 tp + 4 fn + fp). Below 0.10 both items predict all three tags: 10/11 each; from
    // 0.25 item 1 loses tag 0 (0.25 is not over 0.25) and from 0.30 item 0 loses tag 1: both fall
    ThresholdSearch s = ThresholdSearch.of(Metrics.fbeta(2, 0.5, Metrics.Average.SAMPLES, true), PROBS, TARGETS);
    assertThat(s.thresholds()).hasSize(91);
    assertThat(s.thresholds()[0]).isEqualTo(0.05);
    assertThat(s.thresholds()[90]).isEqualTo(0.95);
    // 0.10 to 0.24: item 0 exact (F2 1), item 1 has both true tags and one false: 10/11
    assertThat(s.best()).isEqualTo(0.10);
    assertThat(s.bestScore()).isCloseTo((1 + 10.0 / 11) / 2, within(1e-9));
    // its own threshold 0.5: item 0 finds tag 0 only (5/(5+4)), item 1 finds tag 1 only (5/9)
    assertThat(s.scoreBefore()).isCloseTo(5.0 / 9, within(1e-9));
    assertThat(s.toString()).isEqualTo("fbeta_score: best threshold 0.10 (0.9545), 0.50 gave 0.5556");
  }

  @Test
  void accuracyMulti_isScoredOnProbabilities_notThroughTheSigmoidAgain() {
    ThresholdSearch s = ThresholdSearch.of(Metrics.accuracyMulti(0.2, true), PROBS, TARGETS);
    // at 0.2: predictions {1,1,0} and {1,1,1}: 5 of 6 right; a second sigmoid would make every value > 0.5
    assertThat(s.scoreBefore()).isCloseTo(5.0 / 6, within(1e-9));
  }

  @Test
  void plot_writesAPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("t.png");
    ThresholdSearch.of(Metrics.fbeta(2), PROBS, TARGETS).plot(png);
    assertThat(Files.size(png)).isPositive();
  }

  @Test
  void mismatchedRows_areRefusedWithTheirSizes() {
    assertThatThrownBy(() -> ThresholdSearch.of(Metrics.fbeta(2), PROBS, new float[][] {{1, 0, 0}, {1, 0}}))
        .hasMessageContaining("row 1 has 3 predictions and 2 targets");
    assertThatThrownBy(() -> ThresholdSearch.of(Metrics.fbeta(2), new float[0][], new float[0][]))
        .hasMessageContaining("validation set is empty");
  }
}
