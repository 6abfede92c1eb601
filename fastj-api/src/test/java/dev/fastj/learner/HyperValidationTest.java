package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.spi.Hyper;
import org.junit.jupiter.api.Test;

/** Learning rates, momentum and weight decay outside float32's range are refused with their value. */
class HyperValidationTest {

  @Test
  void lr_aboveFloat32Range_isRefusedWithItsValue() {
    assertThatThrownBy(() -> Lr.of(1e39)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lr").hasMessageContaining("1.0E39").hasMessageContaining("float32");
    assertThatThrownBy(() -> Lr.slice(1e-3, 4e38)).hasMessageContaining("slice stop").hasMessageContaining("4.0E38");
    assertThatThrownBy(() -> Lr.perGroup(1e-3, Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
    assertThatThrownBy(() -> Lr.of(Double.NaN)).hasMessageContaining("NaN");
    assertThat(Lr.of(Float.MAX_VALUE).max()).isEqualTo(Float.MAX_VALUE);
  }

  @Test
  void hypers_refuseValuesAboveFloat32Range_orNaN() {
    Hypers h = new Hypers(2, 1e-3, 0.9, 0.01);
    assertThatThrownBy(() -> h.set(HyperParam.LR, 1e-3, 5e38)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LR").hasMessageContaining("5.0E38");
    assertThatThrownBy(() -> h.set(HyperParam.MOM, Double.NaN)).hasMessageContaining("MOM").hasMessageContaining("NaN");
    assertThatThrownBy(() -> h.set(HyperParam.WD, Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
    assertThatThrownBy(() -> new Hypers(1, 1e40, 0.9, 0.01)).hasMessageContaining("1.0E40");
    assertThat(h.get(HyperParam.LR)).containsExactly(1e-3, 1e-3);
  }

  @Test
  void builderAndRecipes_refuseLrAboveFloat32Range() {
    FakeData data = FakeData.regression(2, 1, 16, 8, 4, 1);
    assertThatThrownBy(() -> Fixtures.learner(data, new FakeBackend()).lr(1e39)).hasMessageContaining("1.0E39");
    assertThatThrownBy(() -> Fixtures.learner(data, new FakeBackend()).lr(Double.POSITIVE_INFINITY))
        .hasMessageContaining("Infinity");
    assertThatThrownBy(() -> Fixtures.learner(data, new FakeBackend()).wd(Double.NaN)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> FineTune.defaults().withBaseLr(1e39)).hasMessageContaining("1.0E39");
    try (Learner learn = Fixtures.learner(data, new FakeBackend()).build()) {
      assertThatThrownBy(() -> learn.fitOneCycle(1, 1e39)).hasMessageContaining("1.0E39");
      assertThatThrownBy(() -> learn.lrFind(1e-7, 1e39, 10)).hasMessageContaining("endLr")
          .hasMessageContaining("1.0E39");
    }
  }

  @Test
  void backendHyper_refusesValuesAboveFloat32Range_namingGroupAndValue() {
    assertThatThrownBy(() -> new Hyper(new double[] {1e-3, 1e39}, new double[] {0.9, 0.9}, new double[] {0, 0}, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lr of parameter group 1")
        .hasMessageContaining("1.0E39");
    assertThatThrownBy(() -> Hyper.uniform(1, 1e-3, Double.NaN, 0, 1)).hasMessageContaining("mom")
        .hasMessageContaining("NaN");
  }
}
