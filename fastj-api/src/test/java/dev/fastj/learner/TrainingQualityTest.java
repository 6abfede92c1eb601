package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.callback.EpochRow;
import dev.fastj.metrics.Metrics;
import dev.fastj.optim.OptimizerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop really trains: real gradient steps on the fake linear model reach a good fit. */
class TrainingQualityTest {

  @Test
  void fitOneCycle_fitsALinearRegression() {
    FakeData data = FakeData.regression(4, 2, 256, 64, 16, 11);
    try (Learner learn = Fixtures.learner(data, new FakeBackend()).build()) {
      learn.fitOneCycle(6, 1e-1);
      List<EpochRow> rows = learn.recorder().rows();
      assertThat(rows.get(0).validLoss()).isGreaterThan(0.05);
      assertThat(rows.get(5).validLoss()).isLessThan(0.005);
    }
  }

  @Test
  void sgdWithMomentum_alsoTrains() {
    FakeData data = FakeData.regression(4, 1, 256, 64, 16, 12);
    try (Learner learn = Fixtures.learner(data, new FakeBackend()).optimizer(OptimizerSpec.Sgd.defaults().withMom(0.9))
        .build()) {
      learn.fit(5, 1e-2);
      assertThat(learn.recorder().rows().get(4).validLoss()).isLessThan(0.005);
    }
  }

  @Test
  void fineTune_classifiesBlobsWithAccuracyMetric() {
    FakeData data = FakeData.classification(new long[] {6}, 3, 300, 90, 15, 13);
    // the weight matrix is the "head" (last group): discriminative rates give the body lr / 100
    try (Learner learn = Fixtures.learner(data, new FakeBackend()).splitter(n -> n.equals(FakeModel.W) ? 1 : 0)
        .metrics(Metrics.accuracy(), Metrics.errorRate()).build()) {
      learn.fineTune(4, 1e-1);
      EpochRow last = learn.recorder().rows().get(3);
      assertThat(learn.recorder().metricNames()).containsExactly("epoch", "train_loss", "valid_loss", "accuracy",
          "error_rate", "time");
      assertThat(last.metrics()[0]).isGreaterThanOrEqualTo(0.95);
      assertThat(last.metrics()[0] + last.metrics()[1]).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
      double[] v = learn.validate();
      assertThat(v).containsExactly(new double[] {last.validLoss(), last.metrics()[0], last.metrics()[1]},
          org.assertj.core.api.Assertions.within(1e-9));
      assertThat(learn.recorder().rows()).hasSize(4);
    }
  }
}
