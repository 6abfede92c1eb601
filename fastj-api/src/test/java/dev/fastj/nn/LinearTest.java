package dev.fastj.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearTest {

  @Test
  void linear_declaresTorchLayoutWeightAndBias_withTorchDefaultInit() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = Linear.of(64, 10).forward(e, e.input(-1, 64));

    assertThat(y.shape()).containsExactly(-1, 10);
    assertThat(e.params).containsOnlyKeys("weight", "bias");
    RecordingEmitter.Param w = e.params.get("weight");
    assertThat(w.shape()).containsExactly(10, 64);
    assertThat(w.role()).isEqualTo(ParamRole.WEIGHT);
    assertThat(w.init()).isEqualTo(new Init.Uniform(1 / Math.sqrt(64)));
    RecordingEmitter.Param b = e.params.get("bias");
    assertThat(b.shape()).containsExactly(10);
    assertThat(b.role()).isEqualTo(ParamRole.BIAS);
    assertThat(b.init()).isEqualTo(new Init.Uniform(1 / Math.sqrt(64)));
    assertThat(e.nodes).singleElement().satisfies(n -> {
      assertThat(n.opType()).isEqualTo("Gemm");
      assertThat(n.attributes()).containsEntry("transB", 1L);
      assertThat(n.inputs()).extracting(Var::name).containsExactly(n.inputs().get(0).name(), "weight", "bias");
    });
  }

  @Test
  void linear_withoutBias_emitsGemmWithTwoInputs() {
    RecordingEmitter e = new RecordingEmitter(true);
    Linear.of(8, 4).withBias(false).forward(e, e.input(-1, 8));

    assertThat(e.params).containsOnlyKeys("weight");
    assertThat(e.nodes.get(0).inputs()).hasSize(2);
  }

  @Test
  void linear_kaimingInit_hasStdSqrtTwoOverFanInAndZeroBias() {
    RecordingEmitter e = new RecordingEmitter(true);
    Linear.of(1000, 500).withInit(WeightInit.KAIMING_NORMAL).forward(e, e.input(-1, 1000));

    double[] w = InitSampler.sample(e.params.get("weight").init(), 500_000, 1);
    assertThat(InitSampler.std(w)).isCloseTo(Math.sqrt(2.0 / 1000), within(0.001));
    assertThat(InitSampler.mean(w)).isCloseTo(0, within(0.0005));
    assertThat(e.params.get("bias").init()).isEqualTo(Init.zeros());
  }

  @Test
  void linear_torchDefaultInit_hasUniformStd() {
    RecordingEmitter e = new RecordingEmitter(true);
    Linear.of(400, 300).forward(e, e.input(-1, 400));

    double[] w = InitSampler.sample(e.params.get("weight").init(), 120_000, 2);
    assertThat(InitSampler.std(w)).isCloseTo(1 / Math.sqrt(400) / Math.sqrt(3), within(0.0005));
    assertThat(java.util.Arrays.stream(w).allMatch(v -> Math.abs(v) <= 1 / Math.sqrt(400))).isTrue();
  }

  @Test
  void linear_onRank3Input_emitsMatMulOnTransposedWeightThenAdd() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = Linear.of(16, 32).forward(e, e.input(-1, 7, 16));

    assertThat(y.shape()).containsExactly(-1, 7, 32);
    assertThat(e.nodes).extracting(RecordingEmitter.Node::opType).containsExactly("Transpose", "MatMul", "Add");
    assertThat((long[]) e.nodes.get(0).attributes().get("perm")).containsExactly(1, 0);
  }

  @Test
  void linear_computesXTimesWeightTransposedPlusBias() {
    RecordingEmitter e = new RecordingEmitter(false);
    Var x = e.input(2, 3);
    Var y = Linear.of(3, 2).forward(e, x);
    GraphEvaluator.T out = new GraphEvaluator(e)
        .set(x.name(), GraphEvaluator.T.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3))
        .set("weight", GraphEvaluator.T.of(new double[] {1, 0, -1, 0.5, 0.5, 0.5}, 2, 3))
        .set("bias", GraphEvaluator.T.of(new double[] {10, 20}, 2))
        .eval(y);
    assertThat(out.data()).containsExactly(new double[] {8, 23, 8, 27.5}, within(1e-12));
  }

  @Test
  void linear_featureMismatch_namesLayerAndShape() {
    RecordingEmitter e = new RecordingEmitter(true);
    assertThatThrownBy(() -> Linear.of(64, 10).forward(e, e.input(-1, 32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Linear(64 -> 10)")
        .hasMessageContaining("[-1, 32]")
        .hasMessageContaining("64");
  }

  @Test
  void linear_rejectsNonPositiveSizes() {
    assertThatThrownBy(() -> Linear.of(0, 10)).hasMessageContaining("inFeatures must be positive, got 0");
  }

  @Test
  void linear_isImmutableValue() {
    Linear a = Linear.of(3, 4);
    Linear b = a.withBias(false);
    assertThat(a.bias()).isTrue();
    assertThat(b.bias()).isFalse();
    assertThat(a).isEqualTo(Linear.of(3, 4));
    assertThat(List.of(a.describe(), b.describe())).containsExactly("Linear(3 -> 4)", "Linear(3 -> 4, bias=False)");
  }
}
