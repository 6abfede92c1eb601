package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.callback.Callback;
import dev.fastj.callback.EarlyStoppingCallback;
import dev.fastj.callback.SaveModelCallback;
import dev.fastj.callback.TrackerCallback.Comparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerCallbacksTest {

  /** One validation batch per epoch, so each scripted loss is one epoch's valid_loss. */
  private static FakeData data() {
    return FakeData.regression(3, 1, 16, 4, 4, 9);
  }

  @Test
  void earlyStopping_stopsAfterPatienceEpochsWithoutImprovement() {
    FakeBackend backend = new FakeBackend();
    EarlyStoppingCallback es = new EarlyStoppingCallback("valid_loss", 0, 2);
    try (Learner learn = Fixtures.learner(data(), backend).build()) {
      backend.last.scriptedValidLosses.addAll(List.of(3.0, 2.0, 2.5, 2.6, 1.0, 0.5));
      learn.fit(10, 1e-3, es);
      assertThat(learn.recorder().rows()).hasSize(4);
      assertThat(es.stoppedAfter()).isEqualTo(3);
      assertThat(es.best()).isEqualTo(2.0);
    }
  }

  @Test
  void earlyStopping_minDeltaRequiresAMarginalGain() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(data(), backend).build()) {
      backend.last.scriptedValidLosses.addAll(List.of(3.0, 2.95, 2.0));
      learn.fit(3, 1e-3, new EarlyStoppingCallback("valid_loss", 0.1, 1));
      assertThat(learn.recorder().rows()).hasSize(2);
    }
  }

  @Test
  void comparison_followsFastaiNaming() {
    assertThat(Comparison.forMonitor("valid_loss")).isEqualTo(Comparison.LESS);
    assertThat(Comparison.forMonitor("error_rate")).isEqualTo(Comparison.LESS);
    assertThat(Comparison.forMonitor("accuracy")).isEqualTo(Comparison.GREATER);
  }

  @Test
  void unknownMonitor_namesTheColumns() {
    try (Learner learn = Fixtures.learner(data(), new FakeBackend()).build()) {
      assertThatThrownBy(() -> learn.fit(1, 1e-3, new EarlyStoppingCallback("accuracy", 0, 1)))
          .hasMessageContaining("monitor accuracy is not recorded")
          .hasMessageContaining("valid_loss");
    }
  }

  @Test
  void saveModel_savesBestEpochAndLoadsItBackAtTheEnd(@TempDir Path dir) {
    FakeBackend backend = new FakeBackend();
    float[][] atBest = new float[1][];
    Callback spy = new Callback() {
      @Override
      public int order() {
        return 90;
      }

      @Override
      public void afterEpoch(FitState s) {
        if (s.epoch() == 1) {
          atBest[0] = backend.last.params.get(FakeModel.W).clone();
        }
      }
    };
    try (Learner learn = Fixtures.learner(data(), backend).path(dir).build()) {
      backend.last.scriptedValidLosses.addAll(List.of(3.0, 1.0, 2.0));
      learn.fit(3, 1e-2, new SaveModelCallback(), spy);
      assertThat(Files.exists(dir.resolve("models/model.ckpt"))).isTrue();
      assertThat(backend.last.params.get(FakeModel.W)).containsExactly(atBest[0]);
    }
  }
}
