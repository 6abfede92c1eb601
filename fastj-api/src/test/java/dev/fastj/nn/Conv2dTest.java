package dev.fastj.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class Conv2dTest {

  @Test
  void conv_defaults_matchTorch_withBiasAndUniformInit() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = Conv2d.of(3, 16, 5).forward(e, e.input(-1, 3, 32, 32));

    assertThat(y.shape()).containsExactly(-1, 16, 28, 28);
    assertThat(e.params.get("weight").shape()).containsExactly(16, 3, 5, 5);
    assertThat(e.params.get("weight").init()).isEqualTo(new Init.Uniform(1 / Math.sqrt(75)));
    assertThat(e.params.get("bias").shape()).containsExactly(16);
    assertThat(e.params.get("bias").role()).isEqualTo(ParamRole.BIAS);
    RecordingEmitter.Node n = e.nodes.get(0);
    assertThat(n.opType()).isEqualTo("Conv");
    assertThat(n.inputs()).hasSize(3);
    assertThat((long[]) n.attributes().get("kernel_shape")).containsExactly(5, 5);
    assertThat((long[]) n.attributes().get("strides")).containsExactly(1, 1);
    assertThat((long[]) n.attributes().get("pads")).containsExactly(0, 0, 0, 0);
    assertThat((long[]) n.attributes().get("dilations")).containsExactly(1, 1);
    assertThat(n.attributes()).containsEntry("group", 1L);
  }

  @Test
  void conv_strideAndPadding_giveTorchOutputSize() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = Conv2d.of(3, 64, 7).withStride(2).withPadding(3).withBias(false).forward(e, e.input(-1, 3, 224, 224));

    assertThat(y.shape()).containsExactly(-1, 64, 112, 112);
    assertThat(e.params).containsOnlyKeys("weight");
    assertThat(e.nodes.get(0).inputs()).hasSize(2);
  }

  @Test
  void conv_dilation_shrinksOutputByEffectiveKernel() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = Conv2d.of(4, 4, 3).withDilation(2).forward(e, e.input(-1, 4, 10, 10));

    assertThat(y.shape()).containsExactly(-1, 4, 6, 6);
    assertThat((long[]) e.nodes.get(0).attributes().get("dilations")).containsExactly(2, 2);
  }

  @Test
  void conv_depthwise_hasOneInputChannelPerGroup() {
    RecordingEmitter e = new RecordingEmitter(true);
    Conv2d dw = Conv2d.of(32, 32, 3).withGroups(32).withPadding(1);
    Var y = dw.forward(e, e.input(-1, 32, 8, 8));

    assertThat(y.shape()).containsExactly(-1, 32, 8, 8);
    assertThat(e.params.get("weight").shape()).containsExactly(32, 1, 3, 3);
    assertThat(e.nodes.get(0).attributes()).containsEntry("group", 32L);
    assertThat(dw.fanIn()).isEqualTo(9);
    assertThat(dw.fanOut()).isEqualTo(288);
  }

  @Test
  void conv_kaimingNormal_hasStdSqrtTwoOverFanIn() {
    RecordingEmitter e = new RecordingEmitter(true);
    Conv2d.of(128, 256, 3).withInit(WeightInit.KAIMING_NORMAL).forward(e, e.input(-1, 128, 8, 8));

    Init init = e.params.get("weight").init();
    double[] w = InitSampler.sample(init, 128 * 256 * 9, 3);
    assertThat(InitSampler.std(w)).isCloseTo(Math.sqrt(2.0 / (128 * 9)), within(2e-4));
    assertThat(e.params.get("bias").init()).isEqualTo(Init.zeros());
  }

  @Test
  void conv_kaimingFanOut_usesOutputChannels() {
    RecordingEmitter e = new RecordingEmitter(true);
    Conv2d.of(3, 64, 7).withInit(WeightInit.KAIMING_NORMAL_FAN_OUT).forward(e, e.input(-1, 3, 32, 32));

    Init.KaimingNormal k = (Init.KaimingNormal) e.params.get("weight").init();
    assertThat(k.std()).isCloseTo(Math.sqrt(2.0 / (64 * 49)), within(1e-12));
  }

  @Test
  void conv_channelMismatch_namesLayerBothShapesAndFix() {
    RecordingEmitter e = new RecordingEmitter(true);
    assertThatThrownBy(() -> Conv2d.of(3, 8, 3).forward(e, e.input(-1, 1, 28, 28)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Conv2d(3, 8, kernel_size=3) expects 3 input channels (inChannels) but got input shape "
            + "[-1, 1, 28, 28]; set it to 1 or fix the layer before it");
  }

  @Test
  void conv_rank2Input_isRejected() {
    RecordingEmitter e = new RecordingEmitter(true);
    assertThatThrownBy(() -> Conv2d.of(3, 8, 3).forward(e, e.input(-1, 3)))
        .hasMessageContaining("expects an input of rank 4 but got shape [-1, 3]");
  }

  @Test
  void conv_groupsMustDivideChannels() {
    assertThatThrownBy(() -> Conv2d.of(6, 4, 3).withGroups(4))
        .hasMessageContaining("groups 4 must divide inChannels 6 and outChannels 4");
  }
}
