package dev.fastj.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

class ActivationsAndDropoutTest {

  @Test
  void simpleActivations_emitOneOnnxOperatorEach() {
    assertThat(opOf(ReLU.create())).isEqualTo("Relu");
    assertThat(opOf(Sigmoid.create())).isEqualTo("Sigmoid");
    assertThat(opOf(Tanh.create())).isEqualTo("Tanh");
    assertThat(opOf(LeakyReLU.create())).isEqualTo("LeakyRelu");
  }

  private static String opOf(Module m) {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = m.forward(e, e.input(-1, 5));
    assertThat(y.shape()).containsExactly(-1, 5);
    assertThat(e.nodes).hasSize(1);
    assertThat(e.params).isEmpty();
    return e.nodes.get(0).opType();
  }

  @Test
  void leakyRelu_passesSlopeAsAlpha() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var x = e.input(3);
    Var y = LeakyReLU.of(0.2).forward(e, x);
    double[] out = new GraphEvaluator(e).set(x.name(), GraphEvaluator.T.of(new double[] {-2, 0, 3}, 3)).eval(y).data();
    assertThat(out).containsExactly(new double[] {-0.4, 0, 3}, within(1e-7));
  }

  @Test
  void gelu_isTheExactErfForm() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var x = e.input(5);
    Var y = GELU.create().forward(e, x);

    assertThat(e.nodesOf("Erf")).hasSize(1);
    double[] xs = {-3, -1, 0, 0.5, 2};
    double[] out = new GraphEvaluator(e).set(x.name(), GraphEvaluator.T.of(xs, 5)).eval(y).data();
    for (int i = 0; i < xs.length; i++) {
      double expected = 0.5 * xs[i] * (1 + Erf.erf(xs[i] / Math.sqrt(2)));
      assertThat(out[i]).isCloseTo(expected, within(1e-6));
    }
    // torch.nn.functional.gelu(torch.tensor(-1.0)) = -0.1586553
    assertThat(out[1]).isCloseTo(-0.15865525, within(1e-6));
  }

  @Test
  void sigmoidRange_mapsToLowHigh() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var x = e.input(2);
    Var y = SigmoidRange.of(-1, 3).forward(e, x);
    double[] out = new GraphEvaluator(e).set(x.name(), GraphEvaluator.T.of(new double[] {0, 100}, 2)).eval(y).data();
    assertThat(out).containsExactly(new double[] {1, 3}, within(1e-6));
  }

  @Test
  void dropout_training_emitsDropoutWithRatioAndTrainingModeAndMaskOutput() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var x = e.input(-1, 10);
    Var y = Dropout.of(0.25).forward(e, x);

    RecordingEmitter.Node d = e.nodesOf("Dropout").get(0);
    assertThat(d.outputs()).hasSize(2);
    assertThat(y).isEqualTo(d.outputs().get(0));
    assertThat(y.shape()).containsExactly(-1, 10);
    assertThat(d.inputs().get(0)).isEqualTo(x);
    assertThat(e.floatConstants.get(d.inputs().get(1).name())).containsExactly(0.25f);
    assertThat(d.inputs().get(1).shape()).isEmpty();
    RecordingEmitter.Node cast = e.producer(d.inputs().get(2));
    assertThat(cast.opType()).isEqualTo("Cast");
    assertThat(cast.attributes()).containsEntry("to", 9L);
    assertThat(e.longConstants.get(cast.inputs().get(0).name())).containsExactly(1L);
  }

  @Test
  void dropout_eval_emitsNothing() {
    RecordingEmitter e = new RecordingEmitter(false);
    Var x = e.input(-1, 10);
    assertThat(Dropout.of(0.5).forward(e, x)).isSameAs(x);
    assertThat(e.nodes).isEmpty();
  }

  @Test
  void dropout_zero_emitsNothingEvenWhenTraining() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var x = e.input(-1, 10);
    assertThat(Dropout.of(0).forward(e, x)).isSameAs(x);
    assertThat(e.nodes).isEmpty();
  }

  @Test
  void dropout_rejectsProbabilityOne() {
    assertThatThrownBy(() -> Dropout.of(1)).hasMessage("Dropout p must be in [0, 1), got 1.0");
  }
}
