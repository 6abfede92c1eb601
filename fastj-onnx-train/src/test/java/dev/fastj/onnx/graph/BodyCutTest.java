package dev.fastj.onnx.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.onnx.proto.OnnxReader;
import dev.fastj.onnx.proto.OpsetUpgrade;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class BodyCutTest {

  /** x [N,3,8,8] -> Conv 3x3 (4) -> Relu -> MaxPool 2 stride 2 -> Conv 3x3 (6) -> Relu ("features"), then {@code head}. */
  private static Graph classifier(BiFunction<GraphBuilder, String, String> head) {
    GraphBuilder b = new GraphBuilder("tiny");
    String x = b.input("x", DataType.FLOAT, -1, 3, 8, 8);
    String w1 = b.initializer("w1", Tensor.ofFloats(new float[4 * 3 * 9], 4, 3, 3, 3));
    String w2 = b.initializer("w2", Tensor.ofFloats(new float[6 * 4 * 9], 6, 4, 3, 3));
    Map<String, Object> same = Map.of("pads", new long[] {1, 1, 1, 1});
    String h = b.op("Relu", b.op("Conv", List.of(x, w1), same));
    h = b.op("MaxPool", List.of(h), Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}));
    String features = b.addNode(new Node("features", "Relu", "", List.of(b.op("Conv", List.of(h, w2), same)),
        List.of("features_out"), Map.of())).output(0);
    String out = head.apply(b, features);
    b.output(out, DataType.FLOAT, -1, 5);
    return b.build();
  }

  private static String flattenGemm(GraphBuilder b, String pooled, int features) {
    String w = b.initializer("fc.w", Tensor.ofFloats(new float[5 * features], 5, features));
    String bias = b.initializer("fc.b", Tensor.ofFloats(new float[5], 5));
    return b.op("Gemm", List.of(b.op("Flatten", pooled), w, bias), Map.of("transB", 1L));
  }

  @Test
  void find_cutsBeforeTheGlobalAveragePoolNotAtTheStemMaxPool() {
    Graph g = classifier((b, f) -> flattenGemm(b, b.op("GlobalAveragePool", f), 6));
    BodyCut cut = BodyCut.find(g);
    assertThat(cut.value()).isEqualTo("features_out");
    assertThat(cut.pool().opType()).isEqualTo("GlobalAveragePool");
    assertThat(cut.dims()).containsExactly(-1, 6, 4, 4);
  }

  @Test
  void find_acceptsReduceMeanOverHeightAndWidthButNotOverChannels() {
    Graph spatial = classifier((b, f) -> flattenGemm(b, b.reduceMean(f, false, 2, 3), 6));
    assertThat(BodyCut.find(spatial).value()).isEqualTo("features_out");
    assertThat(BodyCut.find(spatial).pool().opType()).isEqualTo("ReduceMean");

    // a mean over the channels keeps a map: the stem MaxPool is no global pool either, so nothing is found
    Graph channels = classifier((b, f) -> flattenGemm(b, b.reduceMean(f, false, 1), 16));
    assertThatThrownBy(() -> BodyCut.find(channels)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found no global pooling").hasMessageContaining("'features_out' [-1, 6, 4, 4]");
  }

  @Test
  void find_acceptsAnAveragePoolDownToOnePixel() {
    Graph g = classifier((b, f) -> flattenGemm(b,
        b.op("AveragePool", List.of(f), Map.of("kernel_shape", new long[] {4, 4})), 6));
    BodyCut cut = BodyCut.find(g);
    assertThat(cut.value()).isEqualTo("features_out");
    assertThat(cut.pool().opType()).isEqualTo("AveragePool");
  }

  @Test
  void find_concatPoolingGivesTheMapBothPoolsRead() {
    // fastai's head: AdaptiveConcatPool2d (max and average of one map), Flatten, Linear
    Graph g = classifier((b, f) -> flattenGemm(b, b.op("Concat", List.of(b.op("GlobalMaxPool", f),
        b.op("GlobalAveragePool", f)), Map.of("axis", 1L)), 12));
    assertThat(BodyCut.find(g).value()).isEqualTo("features_out");
  }

  @Test
  void find_returnsTheOutputOfABodyAlreadyCut() {
    Graph g = classifier((b, f) -> f);
    BodyCut cut = BodyCut.find(g);
    assertThat(cut.value()).isEqualTo("features_out");
    assertThat(cut.pool()).isNull();
  }

  @Test
  void find_cutsAPyTorchExportBeforeItsAdaptiveAvgPool() throws Exception {
    // TinyResNet of export_resnet_tiny.py: stem, MaxPool, a residual block, AdaptiveAvgPool2d(1), flatten, fc
    Path file = Path.of(BodyCutTest.class.getResource("/dev/fastj/onnx/torch/resnet_tiny_op13_eval.onnx").toURI());
    Model m = OpsetUpgrade.to18(OnnxReader.read(file));
    BodyCut cut = BodyCut.find(m.graph());
    assertThat(cut.pool().opType()).isEqualTo("GlobalAveragePool");
    Node before = m.graph().producers().get(cut.value());
    assertThat(before.opType()).as("the block's last relu, %s", cut).isEqualTo("Relu");
    assertThat(cut.dims()).hasSize(4);
    assertThat(cut.dims()[1]).isEqualTo(8);
  }

  @Test
  void resolve_takesAValueOrANodeNameAndSaysWhatExistsOtherwise() {
    Graph g = classifier((b, f) -> flattenGemm(b, b.op("GlobalAveragePool", f), 6));
    assertThat(BodyCut.resolve(g, "features_out")).isEqualTo("features_out");
    assertThat(BodyCut.resolve(g, "features")).isEqualTo("features_out");
    assertThat(BodyCut.resolve(g, "x")).isEqualTo("x");
    assertThatThrownBy(() -> BodyCut.resolve(g, "layer4")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no value or node named 'layer4'")
        .hasMessageContaining("the input of the last global pooling is 'features_out'");
  }
}
