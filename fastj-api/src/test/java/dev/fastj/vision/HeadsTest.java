package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.nn.AdaptiveAvgPool2d;
import dev.fastj.nn.AdaptiveConcatPool2d;
import dev.fastj.nn.BatchNorm1d;
import dev.fastj.nn.Dropout;
import dev.fastj.nn.Flatten;
import dev.fastj.nn.Init;
import dev.fastj.nn.Linear;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.RecordingEmitter;
import dev.fastj.nn.Sequential;
import dev.fastj.nn.SigmoidRange;
import dev.fastj.nn.Var;
import dev.fastj.nn.WeightInit;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadsTest {

  private static Linear lin(int in, int out) {
    return Linear.of(in, out).withBias(false).withInit(WeightInit.KAIMING_NORMAL);
  }

  @Test
  void createHead_defaults_areFastaisNineLayers() {
    Sequential head = Heads.createHead(512, 10);

    assertThat(head.children()).containsExactly(
        AdaptiveConcatPool2d.create(), Flatten.create(), BatchNorm1d.fastai(1024), Dropout.of(0.25), lin(1024, 512),
        ReLU.create(), BatchNorm1d.fastai(512), Dropout.of(0.5), lin(512, 10));
  }

  @Test
  void createHead_emitsClassScoresFromBodyFeatures() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = Heads.createHead(512, 37).forward(e, e.input(-1, 512, 7, 7));

    assertThat(y.shape()).containsExactly(-1, 37);
    assertThat(e.paramCount()).isEqualTo(2048 + 1024L * 512 + 1024 + 512L * 37);
    assertThat(e.params.get("4.weight").init()).isEqualTo(new Init.KaimingNormal(1024, 0));
    assertThat(e.nodesOf("Dropout")).hasSize(2);
    assertThat(e.params.get("2.bias").init()).isEqualTo(new Init.Constant(1e-3));
    assertThat(e.params.get("6.weight").init()).isEqualTo(Init.ones());
    assertThat(BatchNorm1d.fastai(512).describe()).isEqualTo("BatchNorm1d(512, bias=0.001)");
  }

  @Test
  void createHead_eval_hasNoDropoutAndUsesRunningStats() {
    RecordingEmitter e = new RecordingEmitter(false);
    Heads.createHead(128, 10).forward(e, e.input(-1, 128, 4, 4));

    assertThat(e.nodesOf("Dropout")).isEmpty();
    assertThat(e.nodesOf("BatchNormalization")).hasSize(2);
    assertThat(e.nodesOf("ReduceMean")).isEmpty();
  }

  @Test
  void createHead_linFtrs_halveDropoutForHiddenLayers() {
    Sequential head = Heads.createHead(64, 5, HeadOptions.defaults().withLinFtrs(List.of(256, 128)).withPs(0.4));

    assertThat(head.children()).containsExactly(
        AdaptiveConcatPool2d.create(), Flatten.create(),
        BatchNorm1d.fastai(128), Dropout.of(0.2), lin(128, 256), ReLU.create(),
        BatchNorm1d.fastai(256), Dropout.of(0.2), lin(256, 128), ReLU.create(),
        BatchNorm1d.fastai(128), Dropout.of(0.4), lin(128, 5));
  }

  @Test
  void createHead_options_avgPoolNoFirstBnZeroDropoutBnFinalYRange() {
    HeadOptions o = HeadOptions.defaults().withConcatPool(false).withFirstBn(false).withPs(List.of(0.0, 0.1))
        .withBnFinal(true).withYRange(-1, 1);
    Sequential head = Heads.createHead(32, 2, o);

    assertThat(head.children()).containsExactly(
        AdaptiveAvgPool2d.of(1), Flatten.create(),
        Linear.of(32, 512).withInit(WeightInit.KAIMING_NORMAL), ReLU.create(),
        BatchNorm1d.fastai(512), Dropout.of(0.1), lin(512, 2),
        BatchNorm1d.of(2).withMomentum(0.01), SigmoidRange.of(-1, 1));
  }

  @Test
  void createHead_badPs_namesCounts() {
    assertThatThrownBy(() -> Heads.createHead(32, 2, HeadOptions.defaults().withPs(List.of(0.1, 0.2, 0.3))))
        .hasMessage("ps has 3 values but the head has 2 linear layers; pass one value or 2");
    assertThatThrownBy(() -> Heads.createHead(0, 2)).hasMessageContaining("nf must be positive, got 0");
  }

  @Test
  void createModel_isBodyThenHead() {
    Sequential model = Arch.xresnetSmall().createModel(1, 10);
    assertThat(model.size()).isEqualTo(2);
    assertThat(model.get(0)).isEqualTo(Arch.xresnetSmall().body(1));
    assertThat(model.get(1)).isEqualTo(Heads.createHead(128, 10));

    RecordingEmitter e = new RecordingEmitter(true);
    Var y = model.forward(e, e.input(-1, 1, 28, 28));
    assertThat(y.shape()).containsExactly(-1, 10);
  }
}
