package dev.fastj.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.nn.LSTM;
import org.junit.jupiter.api.Test;

/** The LSTM bench's worker measurement and its options, on a tiny layer. */
class LstmBenchTest {

  @Test
  void fastjRun_measuresWallAndCpuTimePerStep() {
    PairedRuns.Run r = LstmBench.fastjRun(LSTM.Formulation.UNROLLED, 4, 8, 3, 2, 2, 1);
    assertThat(r.stepMs()).isPositive();
    assertThat(r.cpuMs()).isNotNegative();
    assertThat(r.steps()).isEqualTo(2);
  }

  @Test
  void formulation_isAllOrOneByNameInAnyCase() {
    assertThat(LstmBench.formulations("all")).containsExactly(LSTM.Formulation.values());
    assertThat(LstmBench.formulations("unrolled")).containsExactly(LSTM.Formulation.UNROLLED);
    assertThat(LstmBench.formulations("ONNX_OP")).containsExactly(LSTM.Formulation.ONNX_OP);
    assertThatThrownBy(() -> LstmBench.formulations("fused"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fused").hasMessageContaining("unrolled");
  }
}
