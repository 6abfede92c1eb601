package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.spi.Hyper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** fitOneCycle, fitFlatCos, fineTune and freezing, checked on the Hyper each step received. */
class RecipesTest {

  private static final double EPS = 1e-15;

  /** 32 training items in batches of 4: 8 steps per epoch. */
  private static FakeData data() {
    return FakeData.regression(3, 1, 32, 8, 4, 3);
  }

  private static double cos(double start, double end, double pos) {
    return start + (1 + Math.cos(Math.PI * (1 - pos))) * (end - start) / 2;
  }

  @Test
  void fitOneCycle_lrAndMomFollowFastaiAtChosenSteps() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(data(), backend).splitter(Fixtures.TWO_GROUPS).build()) {
      learn.fitOneCycle(1, 1e-2);
    }
    List<Hyper> h = backend.last.hypers;
    assertThat(h).hasSize(8);
    // internal groups: 0 = body weights, 1 = body norm/bias, 2 = head weights (empty), 3 = head norm/bias
    assertThat(h.get(0).lr()).containsOnly(1e-2 / 25);
    assertThat(h.get(1).lr()[0]).isCloseTo(5.2e-3, within(EPS));
    assertThat(h.get(2).lr()[3]).isCloseTo(1e-2, within(EPS));
    assertThat(h.get(7).lr()[0]).isCloseTo(6.69966282348e-4, within(EPS));
    assertThat(h.get(0).mom()).containsOnly(0.95);
    assertThat(h.get(1).mom()[2]).isCloseTo(0.90, within(1e-12));
    assertThat(h.get(2).mom()[1]).isCloseTo(0.85, within(1e-12));
    assertThat(h.get(7).mom()[0]).isCloseTo(cos(0.85, 0.95, 0.625 / 0.75), within(1e-12));
    assertThat(h.stream().mapToLong(Hyper::step).toArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void fitOneCycle_normAndBiasGroupsGetNoWeightDecay() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(data(), backend).splitter(Fixtures.TWO_GROUPS).build()) {
      learn.fitOneCycle(1, 1e-2);
    }
    assertThat(backend.last.groups).containsExactly(0, 1, 1, 3);
    assertThat(backend.last.hypers.get(0).wd()).containsExactly(0.01, 0, 0.01, 0);
  }

  @Test
  void fitOneCycle_withSliceAndOptions() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(data(), backend).splitter(Fixtures.TWO_GROUPS).build()) {
      learn.fitOneCycle(2, Lr.slice(1e-4, 1e-2),
          OneCycle.defaults().withDiv(10).withPctStart(0.5).withMoms(new Moms(0.9, 0.8, 0.7)).withWd(0.1));
    }
    List<Hyper> h = backend.last.hypers;
    assertThat(h).hasSize(16);
    assertThat(h.get(0).lr()[0]).isCloseTo(1e-5, within(EPS));
    assertThat(h.get(0).lr()[2]).isCloseTo(1e-3, within(EPS));
    assertThat(h.get(8).lr()[0]).isCloseTo(1e-4, within(EPS));
    assertThat(h.get(8).lr()[3]).isCloseTo(1e-2, within(EPS));
    assertThat(h.get(8).mom()[0]).isCloseTo(0.8, within(1e-12));
    assertThat(h.get(15).lr()[3]).isCloseTo(cos(1e-2, 1e-7, 7.0 / 8), within(EPS));
    assertThat(h.get(15).mom()[0]).isCloseTo(cos(0.8, 0.7, 7.0 / 8), within(1e-12));
    assertThat(h.get(0).wd()).containsExactly(0.1, 0, 0.1, 0);
  }

  @Test
  void fitFlatCos_flatThenCosine_momentumUntouched() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(data(), backend).build()) {
      learn.fitFlatCos(1, 1e-2);
    }
    List<Hyper> h = backend.last.hypers;
    for (int i = 0; i <= 6; i++) {
      assertThat(h.get(i).lr()[0]).as("step %s", i).isCloseTo(1e-2, within(EPS));
    }
    assertThat(h.get(7).lr()[0]).isCloseTo(5.00005e-3, within(EPS));
    assertThat(h.get(7).mom()).containsOnly(0.9);
  }

  @Test
  void fit_keepsMomentumLeftByOneCycle_asFastai() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(data(), backend).build()) {
      learn.fitOneCycle(1, 1e-2);
      learn.fit(1, 1e-3);
    }
    Hyper last = backend.last.hypers.get(15);
    assertThat(last.lr()).containsOnly(1e-3);
    assertThat(last.mom()[0]).isCloseTo(cos(0.85, 0.95, (0.875 - 0.25) / 0.75), within(1e-12));
  }

  @Test
  void buildersMoms_areTheCycleOfFitsThatGiveNone_asFastaiLearnerMoms() {
    FakeBackend backend = new FakeBackend();
    Moms text = new Moms(0.8, 0.7, 0.8);
    try (Learner learn = Fixtures.learner(data(), backend).splitter(Fixtures.TWO_GROUPS).moms(text).build()) {
      assertThat(learn.moms()).isEqualTo(text);
      assertThat(learn.oneCycleDefaults()).isEqualTo(OneCycle.defaults().withMoms(text));
      learn.fitOneCycle(1, 1e-2);
      List<Hyper> h = backend.last.hypers;
      assertThat(h.get(0).mom()).containsOnly(0.8);
      assertThat(h.get(2).mom()[1]).isCloseTo(0.7, within(1e-12));
      // fine_tune's two cycles use them too; explicit options win
      learn.fineTune(1);
      assertThat(backend.last.hypers.get(8).mom()).containsOnly(0.8);
      learn.fitOneCycle(1, Lr.of(1e-2), OneCycle.defaults());
      assertThat(backend.last.hypers.get(24).mom()).containsOnly(0.95);
    }
  }

  @Test
  void fineTune_freezesThenOneCycleThenUnfreezesWithDiscriminativeLrs() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(data(), backend).splitter(Fixtures.TWO_GROUPS).build()) {
      learn.fineTune(1);
    }
    FakeModel m = backend.last;
    // initial (all trainable), freeze (body frozen but its norm weight), unfreeze
    assertThat(m.trainableCalls).hasSize(3);
    assertThat(m.trainableCalls.get(1)).containsExactly(false, false, true, true);
    assertThat(m.trainableCalls.get(2)).containsExactly(true, true, true, true);
    List<Hyper> h = m.hypers;
    assertThat(h).hasSize(16);
    // frozen phase: slice(2e-3) -> [2e-4, 2e-3], div 25, pct_start 0.99
    assertThat(h.get(0).lr()[0]).isCloseTo(2e-4 / 25, within(EPS));
    assertThat(h.get(0).lr()[2]).isCloseTo(2e-3 / 25, within(EPS));
    assertThat(h.get(7).lr()[2]).isCloseTo(cos(2e-3 / 25, 2e-3, 0.875 / 0.99), within(EPS));
    // unfrozen phase: base 1e-3, slice(1e-5, 1e-3), div 5, pct_start 0.3; optimizer state cleared
    assertThat(h.get(8).lr()[0]).isCloseTo(1e-5 / 5, within(EPS));
    assertThat(h.get(8).lr()[3]).isCloseTo(1e-3 / 5, within(EPS));
    assertThat(h.get(8).step()).isEqualTo(1);
    assertThat(h.get(11).lr()[0]).isCloseTo(cos(1e-5, 1e-5 / 1e5, (0.375 - 0.3) / 0.7), within(EPS));
  }

  @Test
  void freeze_keepsFrozenWeightsButTrainsNormParams() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(data(), backend).splitter(Fixtures.TWO_GROUPS).build()) {
      float[] w0 = backend.last.params.get(FakeModel.W).clone();
      float[] g0 = backend.last.params.get(FakeModel.G).clone();
      learn.freeze();
      learn.fit(1, 1e-2);
      assertThat(backend.last.params.get(FakeModel.W)).containsExactly(w0);
      assertThat(backend.last.params.get(FakeModel.G)).isNotEqualTo(g0);
      learn.unfreeze();
      learn.fit(1, 1e-2);
      assertThat(backend.last.params.get(FakeModel.W)).isNotEqualTo(w0);
    }
  }

  @Test
  void freezeWithTrainBnFalse_freezesNormParamsToo() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(data(), backend).splitter(Fixtures.TWO_GROUPS).trainBn(false).build()) {
      learn.freeze();
      assertThat(backend.last.trainable).containsExactly(false, false, false, true);
      learn.freezeTo(0);
      assertThat(backend.last.trainable).containsOnly(true);
    }
  }

  @Test
  void freeze_withOneGroup_saysToGiveASplitter() {
    try (Learner learn = Fixtures.learner(data(), new FakeBackend()).build()) {
      assertThatThrownBy(learn::freeze).hasMessageContaining("splitter");
    }
  }

  @Test
  void freeze_clearsOptimizerState() {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(data(), backend).splitter(Fixtures.TWO_GROUPS).build()) {
      learn.fit(1, 1e-2);
      assertThat(backend.last.opt.get("opt.0.weight.grad_avg")).isNotEqualTo(new float[3]);
      learn.freeze();
      assertThat(backend.last.opt.get("opt.0.weight.grad_avg")).containsOnly(0f);
    }
  }
}
