package dev.fastj.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PoolingTest {

  @Test
  void maxPool_resnetStem_halvesSize() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = MaxPool2d.of(3, 2, 1).forward(e, e.input(-1, 64, 112, 112));

    assertThat(y.shape()).containsExactly(-1, 64, 56, 56);
    RecordingEmitter.Node n = e.nodes.get(0);
    assertThat(n.opType()).isEqualTo("MaxPool");
    assertThat(n.outputs()).as("Indices for the backward while training").hasSize(2);
    assertThat((long[]) n.attributes().get("kernel_shape")).containsExactly(3, 3);
    assertThat((long[]) n.attributes().get("strides")).containsExactly(2, 2);
    assertThat((long[]) n.attributes().get("pads")).containsExactly(1, 1, 1, 1);
    assertThat(n.attributes()).doesNotContainKey("ceil_mode");
  }

  @Test
  void maxPool_eval_hasOneOutput() {
    RecordingEmitter e = new RecordingEmitter(false);
    MaxPool2d.of(2).forward(e, e.input(-1, 4, 8, 8));
    assertThat(e.nodes.get(0).outputs()).hasSize(1);
  }

  @Test
  void maxPool_ceilMode_roundsUp() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = MaxPool2d.of(2).withCeilMode(true).forward(e, e.input(-1, 4, 7, 7));
    assertThat(y.shape()).containsExactly(-1, 4, 4, 4);
    assertThat(e.nodes.get(0).attributes()).containsEntry("ceil_mode", 1L);
  }

  @Test
  void avgPool_countsPaddingLikeTorch() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = AvgPool2d.of(2).forward(e, e.input(-1, 4, 8, 8));
    assertThat(y.shape()).containsExactly(-1, 4, 4, 4);
    assertThat(e.nodes.get(0).opType()).isEqualTo("AveragePool");
    assertThat(e.nodes.get(0).attributes()).containsEntry("count_include_pad", 1L);
  }

  @Test
  void adaptiveAvgPool_one_isGlobalAveragePool() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = AdaptiveAvgPool2d.of(1).forward(e, e.input(-1, 512, 7, 7));
    assertThat(y.shape()).containsExactly(-1, 512, 1, 1);
    assertThat(e.nodes.get(0).opType()).isEqualTo("GlobalAveragePool");
  }

  @Test
  void adaptiveAvgPool_largerSize_usesWindowOnDivisibleInput() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = AdaptiveAvgPool2d.of(2).forward(e, e.input(-1, 8, 6, 6));
    assertThat(y.shape()).containsExactly(-1, 8, 2, 2);
    assertThat((long[]) e.nodes.get(0).attributes().get("kernel_shape")).containsExactly(3, 3);
    assertThatThrownBy(() -> AdaptiveAvgPool2d.of(4).forward(e, e.input(-1, 8, 6, 6)))
        .hasMessageContaining("AdaptiveAvgPool2d(4) needs static height and width divisible by 4")
        .hasMessageContaining("[-1, 8, 6, 6]");
  }

  @Test
  void adaptiveConcatPool_putsMaxBeforeAverage() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = AdaptiveConcatPool2d.create().forward(e, e.input(-1, 512, 7, 7));

    assertThat(y.shape()).containsExactly(-1, 1024, 1, 1);
    RecordingEmitter.Node concat = e.nodesOf("Concat").get(0);
    assertThat(concat.attributes()).containsEntry("axis", 1L);
    assertThat(e.producer(concat.inputs().get(0)).opType()).isEqualTo("GlobalMaxPool");
    assertThat(e.producer(concat.inputs().get(1)).opType()).isEqualTo("GlobalAveragePool");
  }

  @Test
  void flatten_keepsBatchAndMultipliesTheRest() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = Flatten.create().forward(e, e.input(-1, 1024, 1, 1));
    assertThat(y.shape()).containsExactly(-1, 1024);
    assertThat(e.nodes.get(0).attributes()).containsEntry("axis", 1L);
  }
}
