package dev.fastj.onnx.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.runtime.CompiledGraph;
import dev.fastj.onnx.runtime.GraphRunner;
import dev.fastj.onnx.runtime.OrtTensors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Models exported by PyTorch 1.13's {@code torch.onnx.export} at opset 13 (see
 * {@code src/test/resources/dev/fastj/onnx/torch/export_resnet_tiny.py}).
 */
class TorchExportTest {

  static byte[] resource(String name) {
    try (InputStream in = TorchExportTest.class.getResourceAsStream("/dev/fastj/onnx/torch/" + name)) {
      assertThat(in).as("test resource " + name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The input the export script used: x[i] = sin(0.1 i), shape [2, 3, 16, 16]. */
  static Tensor sineInput() {
    float[] x = new float[2 * 3 * 16 * 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(0.1 * i);
    }
    return Tensor.ofFloats(x, 2, 3, 16, 16);
  }

  /** PyTorch's own output for {@link #sineInput()}, written by the export script. */
  static float[] torchExpected() {
    return floats("resnet_tiny_expected.txt");
  }

  /** One float per line. */
  static float[] floats(String resourceName) {
    String[] lines = new String(resource(resourceName), StandardCharsets.US_ASCII).strip().split("\n");
    float[] out = new float[lines.length];
    for (int i = 0; i < lines.length; i++) {
      out[i] = Float.parseFloat(lines[i]);
    }
    return out;
  }

  static Tensor runOriginalBytes(byte[] onnx, Tensor input) throws Exception {
    try (OrtSession session = OrtTensors.env().createSession(onnx);
        OnnxTensor x = OrtTensors.toOnnx(input);
        OrtSession.Result r = session.run(Map.of("input", x))) {
      return OrtTensors.fromOnnx((OnnxTensor) r.get(0));
    }
  }

  @Test
  void readEvalExport_structureAndSymbolicBatch() {
    Model m = OnnxReader.read(resource("resnet_tiny_op13_eval.onnx"), "resnet_tiny_op13_eval.onnx");
    assertThat(m.opset()).isEqualTo(13);
    assertThat(m.producerName()).isEqualTo("pytorch");
    ValueInfo in = m.graph().inputs().get(0);
    assertThat(in.name()).isEqualTo("input");
    assertThat(in.type()).isEqualTo(DataType.FLOAT);
    assertThat(in.dims()).containsExactly(-1, 3, 16, 16);
    assertThat(in.dimNames()[0]).isEqualTo("batch");
    Set<String> ops = m.graph().nodes().stream().map(Node::opType).collect(Collectors.toSet());
    assertThat(ops).contains("Conv", "Relu", "MaxPool", "Add", "GlobalAveragePool", "Flatten", "Gemm");
    Node conv = m.graph().nodes().get(0);
    assertThat(conv.attrLongs("pads", null)).containsExactly(1, 1, 1, 1);
    assertThat(m.graph().initializers().get("fc.weight").dims()).containsExactly(10, 8);
  }

  @Test
  void evalExport_rewrittenByFastj_givesOriginalAndTorchOutputs() throws Exception {
    byte[] original = resource("resnet_tiny_op13_eval.onnx");
    Model m = OnnxReader.read(original);
    Tensor x = sineInput();
    Tensor expected = runOriginalBytes(original, x);
    Tensor actual = GraphRunner.run(m, Map.of("input", x)).get("logits");
    assertThat(actual.dims()).containsExactly(2, 10);
    assertThat(actual.toFloats()).containsExactly(expected.toFloats(), within(1e-6f));

    float[] torch = torchExpected();
    assertThat(torch).hasSize(20);
    assertThat(actual.toFloats()).containsExactly(torch, within(1e-4f));
  }

  @Test
  void trainExport_keepsBatchNormAndRunsTheSameAfterRewrite() throws Exception {
    byte[] original = resource("resnet_tiny_op13_train.onnx");
    Model m = OnnxReader.read(original);
    long bn = m.graph().nodes().stream().filter(n -> n.opType().equals("BatchNormalization")).count();
    assertThat(bn).isEqualTo(3);
    assertThat(m.graph().initializers()).containsKeys("bn.running_mean", "bn.running_var", "stem.weight");
    Tensor x = sineInput();
    Tensor expected = runOriginalBytes(original, x);
    try (CompiledGraph g = CompiledGraph.compile(m)) {
      Tensor actual = g.runTensors(Map.of("input", x)).get("logits");
      assertThat(actual.toFloats()).containsExactly(expected.toFloats(), within(1e-6f));
    }
  }

  @Test
  void opset17Export_readsRunsAndUpgradesLikeTorch() throws Exception {
    byte[] original = resource("mixed_op17_train.onnx");
    Model m = OnnxReader.read(original, "mixed_op17_train.onnx");
    assertThat(m.opset()).isEqualTo(17);
    Set<String> ops = m.graph().nodes().stream().map(Node::opType).collect(Collectors.toSet());
    assertThat(ops).contains("Constant", "Pad", "Conv", "BatchNormalization", "Clip", "Slice", "MaxPool", "Resize",
        "Concat", "ReduceMean", "Gemm");
    float[] v = new float[2 * 3 * 8 * 8];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(0.1 * i);
    }
    Tensor x = Tensor.ofFloats(v, 2, 3, 8, 8);
    Tensor fromOriginal = runOriginalBytes(original, x);
    float[] torch = floats("mixed_op17_expected.txt");
    assertThat(fromOriginal.toFloats()).containsExactly(torch, within(1e-4f));

    Model up = OpsetUpgrade.to18(m);
    Node mean = up.graph().nodes().stream().filter(n -> n.opType().equals("ReduceMean")).findFirst().orElseThrow();
    assertThat(mean.attributes()).doesNotContainKey("axes");
    assertThat(up.graph().initializers().get(mean.input(1)).toLongs()).containsExactly(2, 3);
    Tensor upgraded = GraphRunner.run(up, Map.of("input", x)).get("out");
    assertThat(upgraded.toFloats()).containsExactly(fromOriginal.toFloats(), within(1e-6f));
  }
}
