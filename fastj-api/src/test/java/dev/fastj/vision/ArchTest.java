package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.nn.Conv2d;
import dev.fastj.nn.Init;
import dev.fastj.nn.MaxPool2d;
import dev.fastj.nn.ParamRole;
import dev.fastj.nn.RecordingEmitter;
import dev.fastj.nn.Sequential;
import dev.fastj.nn.Var;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchTest {

  private static RecordingEmitter emitBody(Arch arch, int inChannels, int size, long[] outShape) {
    RecordingEmitter e = new RecordingEmitter(true);
    Var y = arch.body(inChannels).forward(e, e.input(-1, inChannels, size, size));
    System.arraycopy(y.shape(), 0, outShape, 0, 4);
    return e;
  }

  @Test
  void resnet18_body_hasTorchvisionParameterCountAndOutputShape() {
    long[] out = new long[4];
    RecordingEmitter e = emitBody(Arch.resnet18(), 3, 224, out);

    assertThat(e.paramCount()).isEqualTo(11_176_512L);
    assertThat(out).containsExactly(-1, 512, 7, 7);
    assertThat(e.params).hasSize(60);
    assertThat(e.buffers).hasSize(40);
  }

  @Test
  void resnet34_body_hasTorchvisionParameterCount() {
    long[] out = new long[4];
    RecordingEmitter e = emitBody(Arch.resnet34(), 3, 224, out);

    assertThat(e.paramCount()).isEqualTo(21_284_672L);
    assertThat(out).containsExactly(-1, 512, 7, 7);
  }

  @Test
  void resnet18_layout_matchesTorchvisionChildrenAndNames() {
    Sequential body = Arch.resnet18().body(3);
    assertThat(body.size()).isEqualTo(8);
    assertThat(body.get(0)).isEqualTo(Conv2d.of(3, 64, 7).withStride(2).withPadding(3).withBias(false)
        .withInit(dev.fastj.nn.WeightInit.KAIMING_NORMAL_FAN_OUT));
    assertThat(body.get(3)).isEqualTo(MaxPool2d.of(3, 2, 1));
    assertThat(Arch.resnet18().splitAt()).isEqualTo(6);
    assertThat(Arch.resnet18().bodyFeatures()).isEqualTo(512);
    assertThat(Arch.resnet18().name()).isEqualTo("resnet18");

    RecordingEmitter e = new RecordingEmitter(true);
    Arch.resnet18().createModel(3, 10).forward(e, e.input(-1, 3, 64, 64));
    assertThat(e.params).containsKeys("0.0.weight", "0.1.weight", "0.4.1.conv1.weight", "0.5.0.downsample.0.weight",
        "0.7.1.bn2.bias", "1.2.weight", "1.4.weight", "1.8.weight");
    assertThat(e.params.get("0.4.1.conv1.weight").shape()).containsExactly(64, 64, 3, 3);
    assertThat(e.params.get("0.7.0.conv1.weight").shape()).containsExactly(512, 256, 3, 3);
    assertThat(e.params.get("1.2.weight").role()).isEqualTo(ParamRole.NORM_WEIGHT);
    assertThat(e.params.get("1.4.weight").shape()).containsExactly(512, 1024);
    assertThat(e.params.get("1.8.weight").shape()).containsExactly(10, 512);
    assertThat(e.buffers).containsKeys("0.1.running_mean", "0.4.0.bn1.running_var", "1.6.running_var");
  }

  @Test
  void resnet18_singleChannelInput_changesOnlyTheStem() {
    long[] out = new long[4];
    RecordingEmitter e = emitBody(Arch.resnet18(), 1, 64, out);
    assertThat(e.paramCount()).isEqualTo(11_176_512L - 2 * 64 * 49);
    assertThat(out).containsExactly(-1, 512, 2, 2);
  }

  @Test
  void xresnetSmall_isSmallAndFitsTwentyEightPixels() {
    long[] out = new long[4];
    RecordingEmitter e = emitBody(Arch.xresnetSmall(), 1, 28, out);

    // stem 14,128 + stage1 19,648 + stage2 57,728 + stage3 230,144 (hand-counted, see Arch#xresnetSmall)
    assertThat(e.paramCount()).isEqualTo(321_648L);
    assertThat(out).containsExactly(-1, 128, 2, 2);
    assertThat(Arch.xresnetSmall().bodyFeatures()).isEqualTo(128);
    assertThat(Arch.xresnetSmall().splitAt()).isEqualTo(3);
    assertThat(e.params.get("0.0.weight").init()).isEqualTo(new Init.KaimingNormal(9, 0));
    assertThat(e.params.get("3.0.bn2.weight").init()).isEqualTo(Init.zeros());
  }

  @Test
  void xresnetSmall_worksAtSixtyFourPixels() {
    long[] out = new long[4];
    emitBody(Arch.xresnetSmall(), 3, 64, out);
    assertThat(out).containsExactly(-1, 128, 4, 4);
  }

  @Test
  void splitAt_separatesBodyGroupsByChildIndex() {
    for (Arch arch : new Arch[] {Arch.resnet18(), Arch.resnet34(), Arch.xresnetSmall()}) {
      Sequential body = arch.body(3);
      assertThat(arch.splitAt()).isBetween(1, body.size() - 1);
    }
  }

  @Test
  void fromOnnx_inlinesTheFileCutAtTheGivenOutput(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("resnet.onnx"), "bytes the backend parses");
    Arch arch = Arch.fromOnnx(f, 512, "/layer4/layer4.1/relu_1/Relu_output_0");

    assertThat(arch.bodyFeatures()).isEqualTo(512);
    assertThat(arch.splitAt()).isEqualTo(1);
    assertThat(arch.name()).isEqualTo("onnx:resnet.onnx");
    RecordingEmitter e = new RecordingEmitter(true);
    Var x = e.input(-1, 3, 64, 64);
    arch.body(3).forward(e, x);
    assertThat(e.inlined).singleElement().satisfies(i -> {
      assertThat(i.outputNames()).containsExactly("/layer4/layer4.1/relu_1/Relu_output_0");
      assertThat(i.scope()).isEqualTo("0");
      assertThat(i.inputs()).containsExactly(x);
    });
    assertThat(Arch.fromOnnx(f, 512).body(3).describe()).isEqualTo("Sequential(OnnxGraph(resnet.onnx))");
  }

  @Test
  void fromOnnx_missingFileOrFeatures_failsWithTheValue(@TempDir Path dir) {
    assertThatThrownBy(() -> Arch.fromOnnx(dir.resolve("nope.onnx"), 512))
        .hasMessageContaining("nope.onnx does not exist");
    assertThatThrownBy(() -> Arch.fromOnnx(dir, 0, null)).hasMessageContaining("bodyFeatures must be positive, got 0");
  }

  @Test
  void paramGroup_followsResnetSplit() {
    Arch arch = Arch.resnet18();
    assertThat(arch.paramGroup("0.0.weight")).isEqualTo(0);
    assertThat(arch.paramGroup("0.5.0.downsample.1.bias")).isEqualTo(0);
    assertThat(arch.paramGroup("0.6.0.conv1.weight")).isEqualTo(1);
    assertThat(arch.paramGroup("0.7.1.bn2.weight")).isEqualTo(1);
    assertThat(arch.paramGroup("1.8.weight")).isEqualTo(2);
    assertThat(Arch.xresnetSmall().paramGroup("0.3.0.conv1.weight")).isEqualTo(1);
    assertThatThrownBy(() -> arch.paramGroup("weight"))
        .hasMessageContaining("parameter weight is not named like a model of createModel");
  }
}
