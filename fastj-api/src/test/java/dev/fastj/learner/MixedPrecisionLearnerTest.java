package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.spi.Hyper;
import dev.fastj.spi.NonFiniteLossException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** toFp16 / toFp32 and the dynamic loss scale, against a fake backend that "overflows" above a scale. */
class MixedPrecisionLearnerTest {

  private static final MixedPrecision ON_CPU = MixedPrecision.defaults().withAllowCpu(true);

  @Test
  void toFp16_onCpu_isRefusedWithWhatToDo() {
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 1, 8, 4, 4, 1), new FakeBackend()).build()) {
      assertThatThrownBy(learn::toFp16).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs a CUDA device").hasMessageContaining("withAllowCpu(true)");
      assertThat(learn.lossScale()).isEqualTo(1);
    }
  }

  @Test
  void toFp16_feedsTheScale_halvesItOnOverflow_andDoesNotCountSkippedSteps() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 1, 40, 4, 4, 1), backend).build()) {
      learn.toFp16(ON_CPU.withGrowthInterval(3));
      assertThat(backend.last.mixed).isTrue();
      assertThat(learn.lossScale()).isEqualTo(65536);
      backend.last.overflowAbove = 5000;
      learn.fit(1, 1e-3);
      List<Hyper> hs = backend.last.hypers;
      assertThat(hs).hasSize(10);
      // 65536, 32768, 16384 and 8192 overflow; 4096 passes 3 times, grows to 8192, which overflows again
      assertThat(hs.stream().mapToDouble(Hyper::lossScale).toArray())
          .containsExactly(65536, 32768, 16384, 8192, 4096, 4096, 4096, 8192, 4096, 4096);
      // skipped steps leave the optimizer's step count (Adam's bias correction) where it was
      assertThat(hs.stream().mapToLong(Hyper::step).toArray()).containsExactly(1, 1, 1, 1, 1, 2, 3, 4, 4, 5);
      assertThat(learn.skippedSteps()).isEqualTo(5);
      assertThat(learn.lossScale()).isEqualTo(4096);
      learn.toFp32();
      assertThat(backend.last.mixed).isFalse();
      assertThat(learn.lossScale()).isEqualTo(1);
      learn.fit(1, 1e-3);
      assertThat(backend.last.hypers.subList(10, 20)).allSatisfy(h -> assertThat(h.lossScale()).isEqualTo(1));
    }
  }

  @Test
  void gradientsThatOverflowAtEveryScale_stopTrainingWithAMessage() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 1, 400, 4, 4, 1), backend).build()) {
      learn.toFp16(ON_CPU.withMaxSkippedInARow(20));
      backend.last.overflowAbove = 0;
      assertThatThrownBy(() -> learn.fit(1, 1e-3)).isInstanceOf(NonFiniteLossException.class)
          .hasMessageContaining("in 20 train steps in a row under mixed precision")
          .hasMessageContaining("learn.toFp32()");
      assertThat(backend.last.hypers).hasSize(20);
    }
  }

  @Test
  void gradScaler_growsAfterTheInterval_backsOff_andStaysAFiniteFloat() {
    GradScaler s = new GradScaler(MixedPrecision.defaults().withInitScale(2e38).withGrowthInterval(2));
    s.update(true);
    s.update(true);
    assertThat(s.scale()).isEqualTo((double) Float.MAX_VALUE);
    s.update(false);
    assertThat(s.scale()).isEqualTo(Float.MAX_VALUE / 2.0);
    assertThat(s.skipped()).isEqualTo(1);
    s.update(true);
    s.update(false);
    assertThat(s.skippedInARow()).isEqualTo(1);
    assertThat(s.givenUp()).isFalse();
  }

  @Test
  void mixedPrecisionSettings_nameTheBadValue() {
    assertThatThrownBy(() -> MixedPrecision.defaults().withBackoffFactor(2)).hasMessageContaining("got 2.0");
    assertThatThrownBy(() -> MixedPrecision.defaults().withInitScale(1e39)).hasMessageContaining("1.0E39");
    assertThatThrownBy(() -> MixedPrecision.defaults().withGrowthInterval(0)).hasMessageContaining("got 0");
  }
}
