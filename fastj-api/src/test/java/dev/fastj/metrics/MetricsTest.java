package dev.fastj.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.TensorData;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static TensorData f(float[] v, long... shape) {
    return TensorData.ofFloats(v, shape);
  }

  private static TensorData l(long[] v, long... shape) {
    return TensorData.ofLongs(v, shape);
  }

  // rows argmax: 1, 0, 2, 0 (a tie goes to the first index, as torch.argmax)
  private static final TensorData LOGITS = f(new float[] {0.1f, 0.5f, 0.4f, 2, 1, 0, 0, 0, 1, 0.3f, 0.3f, 0.2f}, 4, 3);

  @Test
  void accuracy_isFractionOfArgmaxHits() {
    assertThat(Metrics.compute(Metrics.accuracy(), LOGITS, l(new long[] {1, 0, 1, 0}, 4))).isEqualTo(0.75);
    assertThat(Metrics.compute(Metrics.accuracy(), LOGITS, f(new float[] {1, 0, 1, 0}, 4))).isEqualTo(0.75);
    assertThat(Metrics.accuracy().name()).isEqualTo("accuracy");
  }

  @Test
  void errorRate_isOneMinusAccuracy_accumulatedOverBatches() {
    Metric.Accumulator acc = Metrics.errorRate().newAccumulator();
    acc.accumulate(LOGITS, l(new long[] {1, 0, 1, 0}, 4));
    acc.accumulate(f(new float[] {0, 1}, 1, 2), l(new long[] {0}, 1));
    assertThat(acc.value()).isCloseTo(1 - 3.0 / 5, within(1e-12));
    assertThat(Metrics.errorRate().name()).isEqualTo("error_rate");
  }

  @Test
  void accuracy_onNothing_isNaN() {
    assertThat(Metrics.accuracy().newAccumulator().value()).isNaN();
  }

  @Test
  void accuracy_targetCountMismatch_namesBothShapes() {
    assertThatThrownBy(() -> Metrics.compute(Metrics.accuracy(), LOGITS, l(new long[] {1, 0, 1}, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accuracy: targets of shape [3] do not match outputs of shape [4, 3]");
    assertThatThrownBy(() -> Metrics.compute(Metrics.accuracy(), f(new float[] {1, 2}, 2), l(new long[] {1, 0}, 2)))
        .hasMessageContaining("accuracy needs raw outputs of shape [N, C, ...] but got [2]");
  }

  // sigmoid: [0.881, 0.269, 0.622], [0.047, 0.5, 0.731]
  private static final TensorData MULTI = f(new float[] {2, -1, 0.5f, -3, 0, 1}, 2, 3);
  private static final TensorData MULTI_T = f(new float[] {1, 0, 0, 0, 1, 1}, 2, 3);

  @Test
  void accuracyMulti_comparesThresholdedSigmoidsWithTargets() {
    // predictions [1,0,1], [0,0,1] (0.5 is not above 0.5): 4 of 6 right
    assertThat(Metrics.compute(Metrics.accuracyMulti(), MULTI, MULTI_T)).isCloseTo(4.0 / 6, within(1e-12));
    // without sigmoid, threshold 0.7 on raw values: [1,0,0], [0,0,1]: 5 of 6
    assertThat(Metrics.compute(Metrics.accuracyMulti(0.7, false), MULTI, MULTI_T)).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(Metrics.accuracyMulti().name()).isEqualTo("accuracy_multi");
  }

  @Test
  void fbeta_samples_averagesPerItemScores() {
    // item 1: tp 1, fp 1, fn 0 -> F2 = 5/6; item 2: tp 1, fp 0, fn 1 -> F2 = 5/9
    assertThat(Metrics.compute(Metrics.fbeta(2), MULTI, MULTI_T)).isCloseTo((5.0 / 6 + 5.0 / 9) / 2, within(1e-12));
    assertThat(Metrics.fbeta(2).name()).isEqualTo("fbeta_score");
  }

  @Test
  void fbeta_samples_itemWithNothingTrueOrPredictedScoresZero() {
    TensorData out = f(new float[] {2, -1, 0.5f, -3, 0, 1, -5, -5, -5}, 3, 3);
    TensorData t = f(new float[] {1, 0, 0, 0, 1, 1, 0, 0, 0}, 3, 3);
    assertThat(Metrics.compute(Metrics.fbeta(2), out, t)).isCloseTo((5.0 / 6 + 5.0 / 9) / 3, within(1e-12));
  }

  @Test
  void fbeta_macro_averagesPerClassScores() {
    // class 0: tp 1 -> 1; class 1: fn 1 -> 0; class 2: tp 1, fp 1 -> 5/6
    double v = Metrics.compute(Metrics.fbeta(2, 0.5, Metrics.Average.MACRO, true), MULTI, MULTI_T);
    assertThat(v).isCloseTo((1 + 0 + 5.0 / 6) / 3, within(1e-12));
  }

  @Test
  void fbeta_beta1_isF1() {
    // item 1: P 1/2, R 1 -> F1 2/3; item 2: P 1, R 1/2 -> 2/3
    double v = Metrics.compute(Metrics.fbeta(1, 0.5, Metrics.Average.SAMPLES, true), MULTI, MULTI_T);
    assertThat(v).isCloseTo(2.0 / 3, within(1e-12));
  }

  // [1, 2, 2, 2]: argmax mask [[1, 0], [1, 1]]
  private static final TensorData SEG2 = f(new float[] {0, 1, 0, 0, 1, 0, 1, 1}, 1, 2, 2, 2);
  private static final TensorData SEG2_T = l(new long[] {1, 1, 0, 1}, 1, 2, 2);

  @Test
  void dice_binary_isTwiceIntersectionOverSum() {
    // inter 2, sum(p + t) 6
    assertThat(Metrics.compute(Metrics.dice(), SEG2, SEG2_T)).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(Metrics.dice().name()).isEqualTo("dice");
  }

  @Test
  void jaccard_binary_isIntersectionOverUnion() {
    assertThat(Metrics.compute(Metrics.jaccard(), SEG2, SEG2_T)).isCloseTo(2.0 / 4, within(1e-12));
    assertThat(Metrics.jaccard().name()).isEqualTo("jaccard_coeff");
  }

  // [1, 4, 1, 4]: predictions [0, 1, 2, 2]; class 3 never occurs
  private static final TensorData SEG4 = f(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0}, 1, 4, 1, 4);
  private static final TensorData SEG4_T = l(new long[] {0, 1, 1, 2}, 1, 1, 4);

  @Test
  void diceMulti_averagesClassesThatOccur() {
    // class 0: 2*1/2 = 1; class 1: 2*1/3; class 2: 2*1/3; class 3 absent
    assertThat(Metrics.compute(Metrics.diceMulti(), SEG4, SEG4_T)).isCloseTo((1 + 4.0 / 3) / 3, within(1e-12));
    assertThat(Metrics.diceMulti().name()).isEqualTo("dice_multi");
  }

  @Test
  void jaccardMulti_averagesClassesThatOccur() {
    // class 0: 1/1; class 1: 1/2; class 2: 1/2
    assertThat(Metrics.compute(Metrics.jaccardMulti(), SEG4, SEG4_T)).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void diceMulti_accumulatesCountsAcrossBatches() {
    Metric.Accumulator acc = Metrics.diceMulti().newAccumulator();
    acc.accumulate(SEG4, SEG4_T);
    // a second batch where everything is class 0 and right: class 0 inter 1+4, union 2+8
    acc.accumulate(f(new float[] {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 1, 4, 1, 4),
        l(new long[] {0, 0, 0, 0}, 1, 1, 4));
    assertThat(acc.value()).isCloseTo((2.0 * 5 / 10 + 2.0 / 3 + 2.0 / 3) / 3, within(1e-12));
  }

  @Test
  void foregroundAcc_ignoresVoidPixels() {
    // targets [0, 1, 1, 2], predictions [0, 1, 2, 2]: without code 0, 2 of 3 right
    assertThat(Metrics.compute(Metrics.foregroundAcc(), SEG4, SEG4_T)).isCloseTo(2.0 / 3, within(1e-12));
    // without code 1: positions 0 and 3, both right
    assertThat(Metrics.compute(Metrics.foregroundAcc(1), SEG4, SEG4_T)).isEqualTo(1.0);
    // [N, H, W] targets work as well as [N, 1, H, W]
    assertThat(Metrics.compute(Metrics.foregroundAcc(), SEG4, l(new long[] {0, 1, 1, 2}, 1, 1, 1, 4)))
        .isCloseTo(2.0 / 3, within(1e-12));
    assertThat(Metrics.foregroundAcc().name()).isEqualTo("foreground_acc");
  }

  @Test
  void rmseAndMae_overAllValuesAndBatches() {
    Metric.Accumulator rmse = Metrics.rmse().newAccumulator();
    Metric.Accumulator mae = Metrics.mae().newAccumulator();
    TensorData p1 = f(new float[] {1, 2, 3, 4}, 2, 2);
    TensorData t1 = f(new float[] {2, 2, 5, 4}, 2, 2);
    TensorData p2 = f(new float[] {0, 0}, 1, 2);
    TensorData t2 = f(new float[] {3, 0}, 1, 2);
    rmse.accumulate(p1, t1);
    rmse.accumulate(p2, t2);
    mae.accumulate(p1, t1);
    mae.accumulate(p2, t2);
    // squared errors 1, 0, 4, 0, 9, 0; absolute 1, 0, 2, 0, 3, 0
    assertThat(rmse.value()).isCloseTo(Math.sqrt(14.0 / 6), within(1e-12));
    assertThat(mae.value()).isCloseTo(1.0, within(1e-12));
    assertThatThrownBy(() -> Metrics.compute(Metrics.mae(), p1, t2))
        .hasMessageContaining("mae: outputs of shape [2, 2] and targets of shape [1, 2] differ in size");
  }

  @Test
  void metrics_serveSeveralLearnersWithIndependentAccumulators() {
    Metric m = Metrics.accuracy();
    Metric.Accumulator a = m.newAccumulator();
    Metric.Accumulator b = m.newAccumulator();
    a.accumulate(LOGITS, l(new long[] {1, 0, 2, 0}, 4));
    b.accumulate(LOGITS, l(new long[] {2, 2, 0, 1}, 4));
    assertThat(a.value()).isEqualTo(1.0);
    assertThat(b.value()).isEqualTo(0.0);
  }
}
