package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrTest {

  @Test
  void sliceStop_givesTenthToAllButLastGroup() {
    assertThat(Lr.slice(1e-3).forGroups(3)).containsExactly(1e-4, 1e-4, 1e-3);
    assertThat(Lr.slice(1e-3).forGroups(1)).containsExactly(1e-3);
  }

  @Test
  void sliceStartStop_isGeometric() {
    double[] v = Lr.slice(1e-5, 1e-3).forGroups(3);
    assertThat(v[0]).isCloseTo(1e-5, within(1e-18));
    assertThat(v[1]).isCloseTo(1e-4, within(1e-17));
    assertThat(v[2]).isCloseTo(1e-3, within(1e-16));
    assertThat(Lr.slice(1e-5, 1e-3).forGroups(1)).containsExactly(1e-3);
    assertThat(Lr.slice(1e-5, 1e-3).forGroups(2)[0]).isCloseTo(1e-5, within(1e-18));
  }

  @Test
  void scalarAndPerGroup_broadcastOrMatch() {
    assertThat(Lr.of(0.1).forGroups(2)).containsExactly(0.1, 0.1);
    assertThat(Lr.perGroup(1, 2).forGroups(2)).containsExactly(1, 2);
    assertThatThrownBy(() -> Lr.perGroup(1, 2).forGroups(3)).hasMessageContaining("2 learning rates given for 3");
    assertThatThrownBy(() -> Lr.of(-1)).hasMessageContaining("-1.0");
  }
}
