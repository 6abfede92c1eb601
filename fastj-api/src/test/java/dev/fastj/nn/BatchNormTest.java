package dev.fastj.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNormTest {

  @Test
  void batchNorm2d_declaresNormParamsAndRunningBuffers() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = e.scoped("bn1", () -> BatchNorm2d.of(16).forward(e, e.input(-1, 16, 8, 8)));

    assertThat(y.shape()).containsExactly(-1, 16, 8, 8);
    assertThat(e.params).containsOnlyKeys("bn1.weight", "bn1.bias");
    assertThat(e.params.get("bn1.weight").role()).isEqualTo(ParamRole.NORM_WEIGHT);
    assertThat(e.params.get("bn1.weight").init()).isEqualTo(Init.ones());
    assertThat(e.params.get("bn1.bias").role()).isEqualTo(ParamRole.NORM_BIAS);
    assertThat(e.params.get("bn1.bias").init()).isEqualTo(Init.zeros());
    assertThat(e.buffers).containsOnlyKeys("bn1.running_mean", "bn1.running_var");
    assertThat(e.buffers.get("bn1.running_mean").init()).isEqualTo(Init.zeros());
    assertThat(e.buffers.get("bn1.running_var").init()).isEqualTo(Init.ones());
    assertThat(e.buffers.get("bn1.running_var").shape()).containsExactly(16);
  }

  @Test
  void batchNorm2d_zeroInit_startsWeightAtZero() {
    RecordingEmitter e = new RecordingEmitter(true);
    BatchNorm2d.of(4).withZeroInit(true).forward(e, e.input(-1, 4, 2, 2));
    assertThat(e.params.get("weight").init()).isEqualTo(Init.zeros());
  }

  @Test
  void batchNorm2d_training_usesOneTrainingNodeAndBatchStatistics() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var x = e.input(2, 3, 2, 2);
    Var y = BatchNorm2d.of(3).forward(e, x);

    assertThat(e.nodesOf("BatchNormalization")).singleElement().satisfies(n -> {
      assertThat(n.attributes()).containsEntry("training_mode", 1L);
      assertThat(((Number) n.attributes().get("momentum")).doubleValue()).isZero();
      assertThat(n.outputs()).hasSize(3);
      assertThat(n.outputs().get(1).shape()).containsExactly(3);
    });

    double[] xs = randomValues(24, 7);
    double[] gamma = {2, 0.5, -1};
    double[] beta = {0.1, -0.2, 0.3};
    GraphEvaluator ev = new GraphEvaluator(e)
        .set(x.name(), GraphEvaluator.T.of(xs, 2, 3, 2, 2))
        .set("weight", GraphEvaluator.T.of(gamma, 3))
        .set("bias", GraphEvaluator.T.of(beta, 3));
    double[] out = ev.eval(y).data();
    double[] newMean = ev.eval(e.updates.get("running_mean")).data();
    double[] newVar = ev.eval(e.updates.get("running_var")).data();

    for (int c = 0; c < 3; c++) {
      double[] vals = new double[8];
      int k = 0;
      for (int n = 0; n < 2; n++) {
        for (int i = 0; i < 4; i++) {
          vals[k++] = xs[n * 12 + c * 4 + i];
        }
      }
      double mean = java.util.Arrays.stream(vals).average().orElseThrow();
      double biased = java.util.Arrays.stream(vals).map(v -> (v - mean) * (v - mean)).sum() / 8;
      for (int n = 0; n < 2; n++) {
        for (int i = 0; i < 4; i++) {
          int idx = n * 12 + c * 4 + i;
          double expected = (xs[idx] - mean) / Math.sqrt(biased + 1e-5) * gamma[c] + beta[c];
          assertThat(out[idx]).isCloseTo(expected, within(1e-6));
        }
      }
      assertThat(newMean[c]).isCloseTo(0.9 * 0 + 0.1 * mean, within(1e-6));
      assertThat(newVar[c]).as("running_var uses the unbiased variance")
          .isCloseTo(0.9 * 1 + 0.1 * biased * 8 / 7, within(1e-6));
    }
  }

  @Test
  void batchNorm1d_training_onTwoDimensionalInput_reducesOverBatchOnly() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var x = e.input(4, 2);
    Var y = BatchNorm1d.of(2).withMomentum(0.01).forward(e, x);

    assertThat(y.shape()).containsExactly(4, 2);
    double[] xs = {1, 10, 2, 20, 3, 30, 6, 40};
    GraphEvaluator ev = new GraphEvaluator(e).set(x.name(), GraphEvaluator.T.of(xs, 4, 2));
    double[] out = ev.eval(y).data();
    double[] rv = ev.eval(e.updates.get("running_var")).data();
    double[] rm = ev.eval(e.updates.get("running_mean")).data();
    // channel 0: 1, 2, 3, 6 -> mean 3, biased var (4+1+0+9)/4 = 3.5, unbiased 14/3
    assertThat(out[0]).isCloseTo((1 - 3) / Math.sqrt(3.5 + 1e-5), within(1e-9));
    assertThat(rm[0]).isCloseTo(0.01 * 3, within(1e-8));
    assertThat(rv[0]).isCloseTo(0.99 + 0.01 * 14.0 / 3, within(1e-6));
    // channel 1: 10, 20, 30, 40 -> mean 25, biased var 125, unbiased 500/3
    assertThat(rm[1]).isCloseTo(0.25, within(1e-7));
    assertThat(rv[1]).isCloseTo(0.99 + 0.01 * 500.0 / 3, within(1e-5));
  }

  @Test
  void batchNorm_eval_usesRunningStatisticsInOneNode() {
    RecordingEmitter e = new RecordingEmitter(false);
    Var x = e.input(2, 2, 1, 1);
    Var y = BatchNorm2d.of(2).withEps(1e-3).forward(e, x);

    assertThat(e.nodes).singleElement().satisfies(n -> {
      assertThat(n.opType()).isEqualTo("BatchNormalization");
      assertThat(n.inputs()).extracting(Var::name)
          .containsExactly(x.name(), "weight", "bias", "running_mean", "running_var");
      assertThat(((Number) n.attributes().get("epsilon")).doubleValue()).isCloseTo(1e-3, within(1e-9));
    });
    assertThat(e.updates).isEmpty();
    double[] out = new GraphEvaluator(e)
        .set(x.name(), GraphEvaluator.T.of(new double[] {3, 5, 7, 9}, 2, 2, 1, 1))
        .set("running_mean", GraphEvaluator.T.of(new double[] {1, 5}, 2))
        .set("running_var", GraphEvaluator.T.of(new double[] {4, 16}, 2))
        .eval(y).data();
    assertThat(out[0]).isCloseTo(2 / Math.sqrt(4.001), within(1e-9));
    assertThat(out[3]).isCloseTo(4 / Math.sqrt(16.001), within(1e-9));
  }

  @Test
  void batchNorm_featureMismatch_namesLayerAndShape() {
    RecordingEmitter e = new RecordingEmitter(true);
    assertThatThrownBy(() -> BatchNorm1d.of(512).forward(e, e.input(-1, 1024)))
        .hasMessage("BatchNorm1d(512) expects 512 features (numFeatures) but got input shape [-1, 1024]; "
            + "set it to 1024 or fix the layer before it");
    assertThatThrownBy(() -> BatchNorm2d.of(8).forward(e, e.input(-1, 8)))
        .hasMessageContaining("BatchNorm2d(8) expects an input of rank 4 but got shape [-1, 8]");
  }

  @Test
  void batchNorm1d_onSequenceInput_reducesOverBatchAndLength() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = BatchNorm1d.of(6).forward(e, e.input(-1, 6, 20));

    assertThat(y.shape()).containsExactly(-1, 6, 20);
    assertThat(e.nodesOf("BatchNormalization").get(0).outputs().get(2).shape()).containsExactly(6);
  }

  @Test
  void batchNorm1d_onInputOfUnknownShape_assumesBatchByFeatures() {
    RecordingEmitter e = new RecordingEmitter(true);
    BatchNorm1d.of(6).forward(e, new Var("features", null));

    assertThat(e.nodesOf("BatchNormalization")).hasSize(1);
    assertThat(e.updates).containsOnlyKeys("running_mean", "running_var");
  }

  static double[] randomValues(int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian() * 3 + 1;
    }
    return v;
  }
}
