package dev.fastj.onnx.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnetHooksTest {

  private int convs;

  /** A conv of {@code ks} (padding keeps the size at stride 1) from {@code in} to {@code out} channels, then Relu. */
  private String convRelu(GraphBuilder b, String x, int in, int out, int ks, int stride) {
    String w = b.initializer("w" + convs++, Tensor.ofFloats(new float[out * in * ks * ks], out, in, ks, ks));
    long p = (ks - 1) / 2;
    return b.op("Relu", b.op("Conv", List.of(x, w), Map.of("pads", new long[] {p, p, p, p},
        "strides", new long[] {stride, stride})));
  }

  /**
   * x [N,4,16,16] -> stem conv (16) -> a ResNet-50 style bottleneck (1x1 conv at 16, 3x3 stride 2, a 1x1
   * stride-2 shortcut from the stem, Add, Relu: "stage" at 8) -> conv stride 2 ("deep" at 4).
   */
  private Graph bottleneck() {
    GraphBuilder b = new GraphBuilder("bottleneck");
    String x = b.input("x", DataType.FLOAT, -1, 4, 16, 16);
    String stem = b.identityAs(convRelu(b, x, 4, 8, 3, 1), "stem");
    String inner = b.identityAs(convRelu(b, stem, 8, 4, 1, 1), "inner");
    String path = convRelu(b, inner, 4, 16, 3, 2);
    String w = b.initializer("short", Tensor.ofFloats(new float[16 * 8], 16, 8, 1, 1));
    String shortcut = b.op("Conv", List.of(stem, w), Map.of("strides", new long[] {2, 2}));
    String stage = b.identityAs(b.op("Relu", b.add(path, shortcut)), "stage");
    String deep = b.identityAs(convRelu(b, stage, 16, 32, 3, 2), "deep");
    b.output(deep, DataType.FLOAT, -1, 32, 4, 4);
    return b.build();
  }

  @Test
  void find_hooksTheLastValueAtEachSizeThatEveryPathGoesThrough_notTheInsideOfABlock() {
    UnetHooks h = UnetHooks.find(bottleneck(), null, ShapeRules.defaults());
    // "inner" is the last value at 16 pixels, but the shortcut passes around it: fastai hooks the stage output
    assertThat(h.hooks()).extracting(ValueInfo::name).containsExactly("stem", "stage");
    assertThat(h.hooks().get(0).dims()).containsExactly(-1, 8, 16, 16);
    assertThat(h.hooks().get(1).dims()).containsExactly(-1, 16, 8, 8);
    assertThat(h.output().name()).isEqualTo("deep");
    assertThat(h.activationNames()).containsExactly("stem", "stage", "deep");
  }

  @Test
  void find_atAnInnerCutKeepsOnlyTheHooksBeforeIt() {
    UnetHooks h = UnetHooks.find(bottleneck(), "stage", ShapeRules.defaults());
    assertThat(h.activationNames()).containsExactly("stem", "stage");
  }

  @Test
  void find_aShapeReadLateIsNoPathAroundTheHooks() {
    // PyTorch computes reshape targets from Shape of earlier values: an int edge, not an activation's path
    GraphBuilder b = GraphBuilder.from(bottleneck());
    String batch = b.op("Slice", b.op("Shape", "stem"), b.longs(0), b.longs(1));
    String target = b.op("Concat", List.of(batch, b.longs(32, 4, 4)), Map.of("axis", 0L));
    String out = b.identityAs(b.op("Reshape", "deep", target), "reshaped");
    b.output(out, DataType.FLOAT, -1, 32, 4, 4);
    UnetHooks h = UnetHooks.find(b.build(), out, ShapeRules.defaults());
    assertThat(h.activationNames()).containsExactly("stem", "stage", "reshaped");
  }

  @Test
  void find_aBodyThatNeverDownsamples_isRefusedNamingItsMaps() {
    GraphBuilder b = new GraphBuilder("flat");
    String x = b.input("x", DataType.FLOAT, -1, 1, 8, 8);
    String h = b.identityAs(convRelu(b, x, 1, 4, 3, 1), "first");
    h = b.identityAs(convRelu(b, h, 4, 4, 3, 1), "second");
    b.output(h, DataType.FLOAT, -1, 4, 8, 8);
    assertThatThrownBy(() -> UnetHooks.find(b.build(), null, ShapeRules.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found no place where the body of flat changes the image size")
        .hasMessageContaining("'first' [-1, 4, 8, 8], 'Conv_1_out' [-1, 4, 8, 8]")
        .hasMessageContaining("'second' [-1, 4, 8, 8]")
        .hasMessageContaining("a U-Net needs a body that downsamples");
  }

  @Test
  void find_refusesAnOutputThatIsNoImageMapAndAnUnknownValue() {
    Graph g = bottleneck();
    GraphBuilder b = GraphBuilder.from(g);
    String pooled = b.op("Flatten", b.op("GlobalAveragePool", "deep"));
    b.output(pooled, DataType.FLOAT, -1, 32);
    Graph classifier = b.build();
    assertThatThrownBy(() -> UnetHooks.find(classifier, pooled, ShapeRules.defaults()))
        .hasMessageContaining("ends at '" + pooled + "' with shape [-1, 32], not an image map")
        .hasMessageContaining("cut the body before its pooling");
    assertThatThrownBy(() -> UnetHooks.find(g, "nothing", ShapeRules.defaults()))
        .hasMessageContaining("has no value named 'nothing'");
  }
}
