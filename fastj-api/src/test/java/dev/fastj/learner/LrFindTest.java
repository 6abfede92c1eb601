package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suggestions pinned on a known synthetic curve. The expected numbers come from running fastai's
 * suggestion functions (numpy, float64) on the same curve.
 */
class LrFindTest {

  private static final int N = 100;

  static double lrAt(int i) {
    return 1e-7 * Math.pow(1e8, i / 100.0);
  }

  /** A valley between 1e-5 and 1e-2, a climb after 0.1, and a little deterministic noise. */
  static double curve(double lr, int i) {
    double x = Math.log10(lr);
    return 2.3 - 2.0 / (1 + Math.exp(-2.5 * (x + 3.5))) + 0.4 * Math.exp(2.2 * (x + 0.5)) + 0.01 * Math.sin(7.3 * i);
  }

  private static double[][] synthetic() {
    double[] lrs = new double[N];
    double[] losses = new double[N];
    for (int i = 0; i < N; i++) {
      lrs[i] = lrAt(i);
      losses[i] = curve(lrs[i], i);
    }
    return new double[][] {lrs, losses};
  }

  @Test
  void suggestions_onSyntheticCurve_matchFastai() {
    double[][] c = synthetic();
    LrSuggestions.Suggestion valley = LrSuggestions.valley(c[0], c[1]);
    assertThat(valley.lr()).isCloseTo(0.00019054607179632462, within(1e-15));
    assertThat(valley.pointLoss()).isCloseTo(1.561102343030272, within(1e-12));
    assertThat(LrSuggestions.slide(c[0], c[1]).lr()).isCloseTo(0.00010964781961431851, within(1e-15));
    assertThat(LrSuggestions.slide(c[0], c[1]).pointLoss()).isCloseTo(1.8272943021507295, within(1e-12));
    assertThat(LrSuggestions.minimum(c[0], c[1]).lr()).isCloseTo(0.0019054607179632484, within(1e-15));
    assertThat(LrSuggestions.steep(c[0], c[1]).lr()).isCloseTo(0.0003981071705534973, within(1e-15));
  }

  @Test
  void lrFindResult_dropsFirstTenthAndLastFive_asFastai() {
    double[][] c = synthetic();
    LrFind found = new LrFind(c[0], c[1], N);
    assertThat(found.valley()).isCloseTo(0.00022908676527677726, within(1e-15));
    assertThat(found.slide()).isCloseTo(0.00010964781961431851, within(1e-15));
    assertThat(found.minimum()).isCloseTo(0.0019054607179632484, within(1e-15));
    assertThat(found.steep()).isCloseTo(0.0003981071705534973, within(1e-15));
  }

  @Test
  void suggested_withARealValley_isATwentiethOfTheRateAtTheLowestLoss() {
    double[] lrs = new double[40];
    double[] losses = new double[40];
    for (int i = 0; i < 40; i++) {
      lrs[i] = 1e-5 * Math.pow(1e6, i / 40.0);
      double x = Math.log10(lrs[i]);
      // from 2.3 down to about 1.3 at lr 0.2, then up
      losses[i] = 2.3 - 1.0 * Math.exp(-Math.pow(x + 0.7, 2) / 2) + (x > -0.7 ? 2 * (x + 0.7) * (x + 0.7) : 0);
    }
    LrFind.Suggested s = LrFind.suggest(lrs, losses);
    int best = 0;
    for (int i = 1; i < 40; i++) {
      best = losses[i] < losses[best] ? i : best;
    }
    assertThat(s.lr()).isCloseTo(lrs[best] / 20, within(1e-15));
    assertThat(s.rule()).startsWith("a twentieth of the rate at the lowest loss");
  }

  @Test
  void suggested_onAFlatCurve_isAHundredthOfWhereTheLossRises() {
    double[] lrs = new double[40];
    double[] losses = new double[40];
    for (int i = 0; i < 40; i++) {
      lrs[i] = 1e-5 * Math.pow(1e6, i / 40.0);
      // a 3% wobble, lowest near lr 1e-2, then the loss rises past 5% above it at lr 2 and diverges
      losses[i] = 2.40 + 0.03 * Math.sin(i) + (lrs[i] >= 2 ? 0.5 + lrs[i] : 0);
    }
    LrFind.Suggested s = LrFind.suggest(lrs, losses);
    int rise = 0;
    while (lrs[rise] < 2) {
      rise++;
    }
    assertThat(s.lr()).isCloseTo(lrs[rise] / 100, within(1e-15));
    assertThat(s.rule()).contains("flat curve");
  }

  @Test
  void fitWithoutLearningRate_runsTheFinderAndTrainsAtItsSuggestion() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 1, 32, 8, 4, 5), backend).build()) {
      backend.last.lossCurve = h -> h.step() <= 200 ? curve(h.lr()[0], (int) h.step() - 1) : 1.0;
      learn.fitOneCycle(1);
      double peak = learn.recorder().lrs().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      LrFind again = learn.lrFind(1e-5, 10, 40);
      assertThat(peak).isCloseTo(again.suggested(), within(again.suggested() * 1e-9));
    }
  }

  @Test
  void fitWithTheBuildersLearningRate_runsNoFinder() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 1, 32, 8, 4, 5), backend).lr(3e-3).build()) {
      learn.fitOneCycle(1);
      // 8 batches: one cycle only, no finder steps before it
      assertThat(learn.optimizerStep()).isEqualTo(8);
      assertThat(learn.recorder().lrs().stream().mapToDouble(Double::doubleValue).max().orElseThrow())
          .isCloseTo(3e-3, within(1e-12));
    }
  }

  @Test
  void valley_startingAtFirstPoint_indexesFromTheEndLikePython() {
    assertThat(LrSuggestions.valley(new double[] {1e-3, 1e-2}, new double[] {2, 1}).lr()).isEqualTo(1e-2);
  }

  @Test
  void lrFind_onLearner_smoothsRecordsAndSuggests() {
    FakeBackend backend = new FakeBackend();
    FakeData data = FakeData.regression(3, 1, 32, 8, 4, 5);
    try (Learner learn = Fixtures.learner(data, backend).build()) {
      backend.last.lossCurve = h -> curve(h.lr()[0], (int) h.step() - 1);
      LrFind found = learn.lrFind();
      assertThat(found.lrs()).hasSize(100);
      assertThat(found.lrs()[0]).isCloseTo(1e-7, within(1e-20));
      assertThat(found.lrs()[50]).isCloseTo(1e-3, within(1e-15));
      assertThat(found.valley()).isCloseTo(0.0006918309709189362, within(1e-15));
      assertThat(found.slide()).isCloseTo(0.0006918309709189362, within(1e-15));
      assertThat(found.minimum()).isCloseTo(0.05248074602497723, within(1e-15));
      assertThat(found.steep()).isCloseTo(0.001445439770745928, within(1e-15));
      assertThat(backend.last.evalCalls).isZero();
    }
  }

  @Test
  void lrFind_stopsWhenSmoothedLossPassesFourTimesTheBest() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 1, 32, 8, 4, 5), backend).build()) {
      backend.last.lossCurve = h -> h.step() <= 50 ? 1.0 : 100.0;
      LrFind found = learn.lrFind();
      assertThat(found.lrs()).hasSize(51);
    }
  }

  @Test
  void lrFind_isNotStoppedByTheLearnersEarlyStopping() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 1, 32, 8, 4, 5), backend)
        .callbacks(new dev.fastj.callback.EarlyStoppingCallback()).build()) {
      backend.last.lossCurve = h -> 1.0;
      assertThat(learn.lrFind().lrs()).hasSize(100);
    }
  }

  @Test
  void lrFind_restoresWeightsOptimizerStateAndHypers(@TempDir Path dir) throws Exception {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 1, 32, 8, 4, 5), backend).build()) {
      learn.fit(1, 1e-2);
      Map<String, TensorData> before = learn.model().stateDict(true);
      double[] lrBefore = learn.hypers().get(HyperParam.LR);
      LrFind found = learn.lrFind();
      assertThat(found.lrs().length).isGreaterThan(20);
      Map<String, TensorData> after = learn.model().stateDict(true);
      for (String k : before.keySet()) {
        assertThat(after.get(k).toFloatArray()).as(k).containsExactly(before.get(k).toFloatArray());
      }
      assertThat(learn.hypers().get(HyperParam.LR)).containsExactly(lrBefore);
      assertThat(learn.optimizerStep()).isEqualTo(8);
      found.plot(dir.resolve("lr.png"));
      assertThat(Files.size(dir.resolve("lr.png"))).isGreaterThan(1000);
    }
  }
}
