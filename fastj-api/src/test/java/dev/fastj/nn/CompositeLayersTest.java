package dev.fastj.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompositeLayersTest {

  @Test
  void sequential_scopesChildrenByIndex_nested() {
    RecordingEmitter e = new RecordingEmitter(true);
    Sequential model = Sequential.of(
        Linear.of(4, 8), ReLU.create(), Sequential.of(BatchNorm1d.of(8), Linear.of(8, 2)));
    Var y = model.forward(e, e.input(-1, 4));

    assertThat(y.shape()).containsExactly(-1, 2);
    assertThat(e.params).containsOnlyKeys("0.weight", "0.bias", "2.0.weight", "2.0.bias", "2.1.weight", "2.1.bias");
    assertThat(e.buffers).containsOnlyKeys("2.0.running_mean", "2.0.running_var");
    assertThat(e.params.get("2.0.weight").role()).isEqualTo(ParamRole.NORM_WEIGHT);
    assertThat(e.params.get("2.1.weight").role()).isEqualTo(ParamRole.WEIGHT);
  }

  @Test
  void sequential_sliceGetAndAppend() {
    Sequential s = Sequential.of(ReLU.create(), Flatten.create(), Sigmoid.create());
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.get(1)).isEqualTo(Flatten.create());
    assertThat(s.slice(1, 3).children()).containsExactly(Flatten.create(), Sigmoid.create());
    assertThat(s.append(Tanh.create()).size()).isEqualTo(4);
    assertThat(s.size()).isEqualTo(3);
    assertThatThrownBy(() -> s.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(s.describe()).isEqualTo("Sequential(ReLU, Flatten, Sigmoid)");
  }

  @Test
  void resBlock_identityShortcut_hasTorchvisionNamesAndZeroLastBn() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = ResBlock.of(64, 64, 1).forward(e, e.input(-1, 64, 56, 56));

    assertThat(y.shape()).containsExactly(-1, 64, 56, 56);
    assertThat(e.params).containsOnlyKeys("conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight",
        "bn2.bias");
    assertThat(e.params.get("conv1.weight").shape()).containsExactly(64, 64, 3, 3);
    assertThat(e.params.get("bn2.weight").init()).isEqualTo(Init.zeros());
    assertThat(e.params.get("bn1.weight").init()).isEqualTo(Init.ones());
    assertThat(e.params.get("conv1.weight").init()).isEqualTo(new Init.KaimingNormal(64 * 9, 0));
    assertThat(e.nodesOf("Relu")).hasSize(2);
    RecordingEmitter.Node add = e.nodesOf("Add").get(e.nodesOf("Add").size() - 1);
    assertThat(add.inputs().get(1).shape()).containsExactly(-1, 64, 56, 56);
  }

  @Test
  void resBlock_strideOrWidthChange_addsDownsampleConvAndBn() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = ResBlock.of(64, 128, 2).forward(e, e.input(-1, 64, 56, 56));

    assertThat(y.shape()).containsExactly(-1, 128, 28, 28);
    assertThat(e.params).containsKeys("downsample.0.weight", "downsample.1.weight", "downsample.1.bias");
    assertThat(e.params.get("downsample.0.weight").shape()).containsExactly(128, 64, 1, 1);
    assertThat(e.buffers).containsKeys("downsample.1.running_mean");
    assertThat(e.params.get("downsample.1.weight").init()).isEqualTo(Init.ones());
  }

  @Test
  void resBlock_torchvisionInit_keepsLastBnAtOne() {
    RecordingEmitter e = new RecordingEmitter(true);
    ResBlock.of(8, 8, 1).withZeroInitLastBn(false).forward(e, e.input(-1, 8, 4, 4));
    assertThat(e.params.get("bn2.weight").init()).isEqualTo(Init.ones());
  }

  @Test
  void convLayer_isConvBnReluWithSamePaddingKaimingAndNoBias() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = ConvLayer.of(3, 16, 3, 2).forward(e, e.input(-1, 3, 28, 28));

    assertThat(y.shape()).containsExactly(-1, 16, 14, 14);
    assertThat(e.params).containsOnlyKeys("0.weight", "1.weight", "1.bias");
    assertThat(e.params.get("0.weight").init()).isEqualTo(new Init.KaimingNormal(27, 0));
    assertThat(e.params.get("1.bias").init()).as("fastai's BatchNorm bias").isEqualTo(new Init.Constant(1e-3));
    assertThat(e.params.get("1.weight").init()).isEqualTo(Init.ones());
    assertThat(e.nodes.get(e.nodes.size() - 1).opType()).isEqualTo("Relu");
  }

  @Test
  void layerNorm_normalizesLastDims_withNormParams() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = LayerNorm.of(32).forward(e, e.input(-1, 10, 32));

    assertThat(y.shape()).containsExactly(-1, 10, 32);
    assertThat(e.params.get("weight").role()).isEqualTo(ParamRole.NORM_WEIGHT);
    assertThat(e.params.get("bias").role()).isEqualTo(ParamRole.NORM_BIAS);
    RecordingEmitter.Node n = e.nodes.get(0);
    assertThat(n.opType()).isEqualTo("LayerNormalization");
    assertThat(n.attributes()).containsEntry("axis", -1L);
    assertThatThrownBy(() -> LayerNorm.of(16).forward(e, e.input(-1, 10, 32)))
        .hasMessageContaining("expects an input ending in [16] but got shape [-1, 10, 32]");
  }

  @Test
  void embedding_gathersRows() {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = Embedding.of(100, 16).forward(e, e.input(-1, 7));

    assertThat(y.shape()).containsExactly(-1, 7, 16);
    assertThat(e.params.get("weight").shape()).containsExactly(100, 16);
    assertThat(e.params.get("weight").role()).isEqualTo(ParamRole.EMBEDDING);
    assertThat(e.params.get("weight").init()).isEqualTo(new Init.Normal(1.0));
    RecordingEmitter.Node n = e.nodes.get(0);
    assertThat(n.opType()).isEqualTo("Gather");
    assertThat(n.inputs().get(0).name()).isEqualTo("weight");
    assertThat(n.attributes()).containsEntry("axis", 0L);
  }

  @Test
  void onnxGraph_inlinesFileInCurrentScope(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("body.onnx"), "not parsed here");
    RecordingEmitter e = new RecordingEmitter(true);
    Var x = e.input(-1, 3, 64, 64);
    e.scoped("0", () -> OnnxGraph.of(f, "features").forward(e, x));

    assertThat(e.inlined).singleElement().satisfies(i -> {
      assertThat(i.file()).isEqualTo(f);
      assertThat(i.inputs()).containsExactly(x);
      assertThat(i.outputNames()).containsExactly("features");
      assertThat(i.scope()).isEqualTo("0");
    });
    assertThatThrownBy(() -> OnnxGraph.of(dir.resolve("missing.onnx")))
        .hasMessageContaining("missing.onnx does not exist");
  }
}
