package dev.fastj.learner.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScheduleTest {

  @Test
  void lin_cos_exp_followFastaiFormulas() {
    assertThat(Schedule.lin(1, 3).at(0.25)).isCloseTo(1.5, within(1e-12));
    // SchedCos: start + (1 + cos(pi * (1 - pos))) * (end - start) / 2
    assertThat(Schedule.cos(0, 2).at(0)).isCloseTo(0, within(1e-12));
    assertThat(Schedule.cos(0, 2).at(0.5)).isCloseTo(1, within(1e-12));
    assertThat(Schedule.cos(0, 2).at(0.25)).isCloseTo(1 - Math.sqrt(0.5), within(1e-12));
    assertThat(Schedule.cos(0, 2).at(1)).isCloseTo(2, within(1e-12));
    assertThat(Schedule.exp(1e-7, 10).at(0.5)).isCloseTo(Math.sqrt(1e-6), within(1e-15));
    assertThat(Schedule.no(3).at(0.7)).isEqualTo(3);
  }

  @Test
  void combine_picksSegmentByCumulativeFraction() {
    Schedule s = Schedule.combine(new double[] {0.3, 0.7}, Schedule.lin(0, 1), Schedule.lin(10, 20));
    assertThat(s.at(0)).isEqualTo(0);
    assertThat(s.at(0.15)).isCloseTo(0.5, within(1e-12));
    assertThat(s.at(0.3)).isCloseTo(10, within(1e-12));
    assertThat(s.at(0.65)).isCloseTo(15, within(1e-12));
  }

  @Test
  void combinedCos_pinnedAtChosenPositions() {
    Schedule lr = Schedule.combinedCos(0.25, 1e-2 / 25, 1e-2, 1e-2 / 1e5);
    assertThat(lr.at(0)).isCloseTo(4e-4, within(1e-15));
    assertThat(lr.at(0.125)).isCloseTo(5.2e-3, within(1e-15));
    assertThat(lr.at(0.25)).isCloseTo(1e-2, within(1e-15));
    assertThat(lr.at(0.875)).isCloseTo(6.69966282348e-4, within(1e-15));
    // the end of the cycle is lr_max / div_final (not divided by div as well)
    assertThat(lr.at(1.0)).isCloseTo(1e-7, within(1e-17));
  }

  @Test
  void combine_rejectsFractionsNotSummingToOne() {
    assertThatThrownBy(() -> Schedule.combine(new double[] {0.5, 0.2}, Schedule.no(1), Schedule.no(2)))
        .hasMessageContaining("sum to 1");
  }
}
