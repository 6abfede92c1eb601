package dev.fastj.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.text.GradualUnfreezing.Stage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The course's stages and learning rates, the copies and the refusals (the fit is in TextLearnerTest). */
class GradualUnfreezingTest {

  private static final double MULT = Math.pow(2.6, 4);

  @Test
  void defaults_areTheCoursesFourCycles() {
    List<Stage> s = GradualUnfreezing.defaults().stages();
    assertThat(s).extracting(Stage::freezeTo).containsExactly(GradualUnfreezing.AS_IS, -2, -3, 0);
    assertThat(s).extracting(Stage::epochs).containsExactly(1, 1, 1, 2);
    assertThat(s.get(0).lr().forGroups(4)).containsOnly(2e-2);
    // slice(start, stop) over the 4 groups of a 2-layer AWD-LSTM classifier: start, x2.6, x2.6^2 ... stop
    double[] two = s.get(1).lr().forGroups(4);
    assertThat(two[0]).isCloseTo(1e-2 / MULT, within(1e-15));
    assertThat(two[3]).isCloseTo(1e-2, within(1e-15));
    assertThat(two[1] / two[0]).isCloseTo(Math.cbrt(MULT), within(1e-9));
    assertThat(s.get(2).lr().forGroups(4)[0]).isCloseTo(5e-3 / MULT, within(1e-15));
    assertThat(s.get(2).lr().max()).isEqualTo(5e-3);
    assertThat(s.get(3).lr().forGroups(4)[0]).isCloseTo(1e-3 / MULT, within(1e-15));
    assertThat(s.get(3).lr().max()).isEqualTo(1e-3);
    assertThat(s.get(1)).hasToString("freeze_to(-2); fit_one_cycle(1, slice(" + 1e-2 / MULT + ", 0.01))");
    assertThat(s.get(3).toString()).startsWith("unfreeze(); fit_one_cycle(2, slice(");
    assertThat(s.get(0)).hasToString("fit_one_cycle(1, 0.02)");
  }

  @Test
  void withCopies_changeOneNumberEach() {
    GradualUnfreezing g = GradualUnfreezing.defaults().withEpochs(4).withLastLr(2e-3).withHeadLr(1e-2)
        .withLastTwoLr(6e-3).withLastThreeLr(4e-3).withLrMult(10);
    assertThat(g).isEqualTo(new GradualUnfreezing(1e-2, 6e-3, 4e-3, 2e-3, 10, 4));
    assertThat(g.stages().get(3).epochs()).isEqualTo(4);
    assertThat(g.stages().get(3).lr().forGroups(2)).containsExactly(2e-4, 2e-3);
    assertThat(GradualUnfreezing.defaults()).isEqualTo(GradualUnfreezing.defaults());
    assertThat(GradualUnfreezing.defaults().withEpochs(2)).isEqualTo(GradualUnfreezing.defaults());
  }

  @Test
  void badValues_areRefusedByName() {
    assertThatThrownBy(() -> GradualUnfreezing.defaults().withEpochs(-1)).hasMessageContaining("epochs")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> GradualUnfreezing.defaults().withLastLr(0)).hasMessageContaining("lastLr");
    assertThatThrownBy(() -> GradualUnfreezing.defaults().withHeadLr(Double.NaN)).hasMessageContaining("headLr");
    assertThatThrownBy(() -> GradualUnfreezing.defaults().withLrMult(0.5)).hasMessageContaining("lrMult")
        .hasMessageContaining("0.5");
  }
}
