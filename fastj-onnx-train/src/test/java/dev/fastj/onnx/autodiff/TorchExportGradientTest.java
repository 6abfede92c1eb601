package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.proto.OnnxReader;
import dev.fastj.onnx.proto.OpsetUpgrade;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The rules on real PyTorch exports (see the export scripts next to the models): a tiny
 * ResNet exported in training mode at opset 13 (BatchNormalization nodes with training_mode,
 * Conv with PyTorch's attributes, MaxPool, GlobalAveragePool, Flatten, Gemm) and an opset-17
 * model with reflect padding, clamp, chunk, nearest upsampling, concat and a spatial mean.
 * Each is upgraded to opset 18, its weights turned into inputs and a softmax cross-entropy
 * added; every weight's gradient is checked along random directions as in
 * {@link ResNetGradientTest}, with the same tolerance.
 */
class TorchExportGradientTest {

  private static final double[] STEPS = {1e-4, 3e-5};

  private static byte[] resource(String name) {
    try (InputStream in = TorchExportGradientTest.class.getResourceAsStream("/dev/fastj/onnx/torch/" + name)) {
      assertThat(in).as("test resource " + name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a PyTorch training export, upgrades it to opset 18, turns its weights and biases
   * into graph inputs, adds a softmax cross-entropy on {@code output} and checks every weight's
   * gradient along random directions.
   */
  private static DirectionalCheck.Report check(String resource, String output, long[] inputDims,
      List<String> expectedOps) {
    Model m = OpsetUpgrade.to18(OnnxReader.read(resource(resource)));
    Set<String> ops = m.graph().nodes().stream().map(Node::opType).collect(Collectors.toSet());
    assertThat(ops).containsAll(expectedOps);
    Map<String, Tensor> feed = new LinkedHashMap<>();
    List<String> params = new ArrayList<>();
    List<ValueInfo> inputs = new ArrayList<>(m.graph().inputs());
    Map<String, Tensor> constants = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : m.graph().initializers().entrySet()) {
      String name = e.getKey();
      boolean weight = e.getValue().type() == DataType.FLOAT && (name.endsWith(".weight") || name.endsWith(".bias"));
      if (weight) {
        inputs.add(ValueInfo.of(name, DataType.FLOAT, e.getValue().dims()));
        feed.put(name, e.getValue());
        params.add(name);
      } else {
        constants.put(name, e.getValue());
      }
    }
    assertThat(params).hasSizeGreaterThan(3);
    Graph g = m.graph();
    GraphBuilder b = GraphBuilder.from(new Graph(g.name(), inputs, g.outputs(), g.nodes(), constants, g.valueInfo()));
    float[] x = new float[(int) Tensor.numel(inputDims)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(0.1 * i);
    }
    feed.put("input", Tensor.ofFloats(x, inputDims));
    b.input("labels", DataType.INT64, -1);
    feed.put("labels", Tensor.ofLongs(new long[] {3, 1}, 2));
    String loss = b.op("SoftmaxCrossEntropyLoss", output, "labels");
    DirectionalCheck.Report r = DirectionalCheck.run(b, loss, feed, params, 4, STEPS, 5);
    System.out.print("[" + resource + " directional check] worst relative error " + r.worst() + " ("
        + r.worstTensor() + ")\n" + r.details());
    return r;
  }

  @Test
  void resnetTrainingExport_everyWeightGradient_matchesFiniteDifferences() {
    DirectionalCheck.Report r = check("resnet_tiny_op13_train.onnx", "logits", new long[] {2, 3, 16, 16},
        List.of("Conv", "BatchNormalization", "MaxPool", "GlobalAveragePool", "Gemm"));
    assertThat(r.worst()).as(r.details()).isLessThan(3e-2);
  }

  @Test
  void mixedOpset17Export_reflectPadSplitResize_everyWeightGradient_matchesFiniteDifferences() {
    DirectionalCheck.Report r = check("mixed_op17_train.onnx", "out", new long[] {2, 3, 8, 8},
        List.of("Pad", "Conv", "BatchNormalization", "Clip", "MaxPool", "Resize", "Concat", "ReduceMean", "Gemm"));
    assertThat(r.worst()).as(r.details()).isLessThan(3e-2);
  }
}
