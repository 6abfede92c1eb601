package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.spi.NonFiniteLossException;

import org.junit.jupiter.api.Test;

class SafetyTest {

  @Test
  void nanLoss_stopsTrainingNamingEpochAndBatch() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 1, 32, 8, 4, 1), backend).build()) {
      backend.last.nanAtStep = 11;
      assertThatThrownBy(() -> learn.fit(3, 1e-3))
          .isInstanceOf(NonFiniteLossException.class)
          .hasMessageContaining("NaN at epoch 1, batch 2")
          .hasMessageContaining("lower the learning rate")
          .satisfies(e -> assertThat(((NonFiniteLossException) e).epoch()).isEqualTo(1));
    }
  }

  @Test
  void trainingSetSmallerThanABatch_saysToLowerTheBatchSize() {
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 1, 3, 4, 4, 1), new FakeBackend()).build()) {
      assertThatThrownBy(() -> learn.fit(1, 1e-3)).hasMessageContaining("3 items, fewer than one batch of 4");
    }
  }

  @Test
  void splitter_mayLeaveAGroupEmpty_butNotNegative() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 1, 8, 4, 4, 1), backend)
        .splitter(name -> name.startsWith("0.") ? 0 : 2).build()) {
      assertThat(learn.paramGroupCount()).isEqualTo(3);
      learn.freeze();
      assertThat(backend.last.trainable).containsExactly(false, false, true, true);
    }
    assertThatThrownBy(() -> Fixtures.learner(FakeData.regression(3, 1, 8, 4, 4, 1), new FakeBackend())
        .splitter(name -> -1).build())
        .hasMessageContaining("groups count from 0");
  }

  @Test
  void close_closesTheModel() {
    FakeBackend backend = new FakeBackend();
    Learner learn = Fixtures.learner(FakeData.regression(3, 1, 8, 4, 4, 1), backend).build();
    learn.close();
    assertThat(backend.last.closed).isTrue();
  }
}
