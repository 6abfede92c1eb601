package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PredsTest {

  @Test
  void getPreds_givesProbabilitiesTargetsAndPerItemCrossEntropy() {
    FakeBackend backend = new FakeBackend();
    FakeData data = FakeData.classification(new long[] {4}, 3, 30, 11, 4, 8);
    try (Learner learn = Fixtures.learner(data, backend).build()) {
      learn.fit(1, 1e-2);
      Preds p = learn.getPreds();
      assertThat(p.size()).isEqualTo(11);
      assertThat(p.itemIndices()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
      int[] t = p.targetClasses();
      double mean = 0;
      for (int i = 0; i < p.size(); i++) {
        float[] row = p.probabilities()[i];
        assertThat(row[0] + row[1] + row[2]).isCloseTo(1f, within(1e-5f));
        assertThat(p.losses()[i]).isCloseTo((float) -Math.log(row[t[i]]), within(1e-4f));
        mean += p.losses()[i] / 11.0;
      }
      assertThat(mean).isCloseTo(learn.recorder().rows().get(0).validLoss(), within(1e-5));
      assertThat(p.predictedClasses()).hasSize(11);
    }
  }

  @Test
  void getPreds_whenBatchLossMatchesNoKnownFormula_evaluatesEachRow() {
    FakeBackend backend = new FakeBackend();
    FakeData data = FakeData.classification(new long[] {4}, 3, 30, 8, 4, 8);
    try (Learner learn = Fixtures.learner(data, backend).progress(null).build()) {
      Preds exact = learn.getPreds();
      int before = backend.last.evalCalls;
      backend.last.scriptedValidLosses.add(5.0);
      Preds p = learn.getPreds();
      // 2 batches, and the 4 rows of the first one on their own
      assertThat(backend.last.evalCalls - before).isEqualTo(6);
      assertThat(p.losses()).containsExactly(exact.losses(), within(1e-6f));
    }
  }

  @Test
  void getPreds_onRegression_givesSquaredErrorPerItem() {
    FakeData data = FakeData.regression(3, 2, 16, 6, 4, 2);
    try (Learner learn = Fixtures.learner(data, new FakeBackend()).build()) {
      Preds p = learn.getPreds();
      for (int i = 0; i < p.size(); i++) {
        float[] y = p.probabilities()[i];
        float[] t = p.targets()[i];
        double mse = ((y[0] - t[0]) * (y[0] - t[0]) + (y[1] - t[1]) * (y[1] - t[1])) / 2;
        assertThat(p.losses()[i]).isCloseTo((float) mse, within(1e-4f));
      }
      assertThatThrownBy(p::targetClasses).hasMessageContaining("2 target values");
    }
  }

  @Test
  void predictItem_usesTheDataPipelineAndDecodes() {
    FakeData data = FakeData.classification(new long[] {4}, 3, 30, 6, 4, 8);
    try (Learner learn = Fixtures.learner(data, new FakeBackend()).build()) {
      learn.fit(3, 3e-2);
      Prediction p = learn.predictItem(data.valid().item(0));
      assertThat(p.label()).isEqualTo("class" + p.index());
      assertThat(p.probability()).isEqualTo(p.probabilities()[p.index()]);
      assertThat(List.of("class0", "class1", "class2")).contains(p.label());
    }
  }
}
