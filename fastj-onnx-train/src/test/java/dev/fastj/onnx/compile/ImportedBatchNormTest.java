package dev.fastj.onnx.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.OnnxGraph;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.proto.OnnxReader;
import dev.fastj.onnx.proto.OnnxWriter;
import dev.fastj.onnx.testing.CrossEntropy;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running statistics of an imported BatchNormalization follow the framework that trained the
 * file. {@code fmnist5_resnet_train.onnx} is a small ResNet trained by PyTorch 1.13 and exported in
 * training mode, which keeps its BatchNorm nodes
 * ({@code dev/vision/torch_pretrain_ref.py}); {@code fmnist5_resnet_bn.txt} holds every BatchNorm's
 * running variance after one train-mode forward of a fixed input in PyTorch. One fastj train step
 * at learning rate 0 on the same input must give the same numbers: PyTorch's unbiased update.
 * The same file with another producer keeps ONNX's biased rule, off by the factor (M - 1) / M of
 * the batch variance, M the values per channel (M = 2 * 7 * 7 = 98 in the last stage).
 */
class ImportedBatchNormTest {

  private static Path resource(String name) throws Exception {
    return Path.of(ImportedBatchNormTest.class.getResource("/dev/fastj/onnx/torch/" + name).toURI());
  }

  private static TensorData sine() {
    float[] x = new float[2 * 28 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(0.01 * i);
    }
    return TensorData.ofFloats(x, 2, 1, 28, 28);
  }

  /** PyTorch's running variances, by layer in module order. */
  private static Map<String, float[]> expected() throws Exception {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (String line : Files.readAllLines(resource("fmnist5_resnet_bn.txt"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] p = line.split(" ");
      float[] v = new float[p.length - 1];
      for (int i = 0; i < v.length; i++) {
        v[i] = Float.parseFloat(p[i + 1]);
      }
      m.put(p[0], v);
    }
    return m;
  }

  /** The running variances after one train step at lr 0, in graph order. */
  private static List<float[]> runningVarsAfterOneStep(Path onnx) {
    ModelSpec spec = ModelSpec.of(OnnxGraph.of(onnx), new long[] {1, 28, 28}, new CrossEntropy(5),
        OptimizerSpec.Adam.defaults().withWd(0));
    try (TrainableModel m = Backend.get().compile(spec)) {
      Batch b = new Batch(List.of(sine()), List.of(TensorData.ofLongs(new long[] {0, 1}, 2)), new int[2]);
      m.trainStep(b, Hyper.uniform(1, 0, 0.9, 0, 1), false);
      List<float[]> vars = new ArrayList<>();
      m.stateDict(false).forEach((k, v) -> {
        if (k.contains("running_var")) {
          vars.add(v.toFloatArray());
        }
      });
      return vars;
    }
  }

  @Test
  void pytorchExport_updatesRunningVarianceAsPyTorchDoes() throws Exception {
    List<float[]> got = runningVarsAfterOneStep(resource("fmnist5_resnet_train.onnx"));
    List<float[]> want = new ArrayList<>(expected().values());
    assertThat(got).hasSameSizeAs(want);
    for (int l = 0; l < want.size(); l++) {
      for (int c = 0; c < want.get(l).length; c++) {
        float w = want.get(l)[c];
        assertThat(got.get(l)[c]).as("layer %s channel %s", l, c).isCloseTo(w, within(2e-6f * Math.max(1, w)));
      }
    }
  }

  @Test
  void otherProducer_keepsOnnxBiasedRule(@TempDir Path dir) throws Exception {
    Model torch = OnnxReader.read(resource("fmnist5_resnet_train.onnx"));
    Path other = dir.resolve("other.onnx");
    OnnxWriter.write(new Model(torch.graph(), torch.opsets(), torch.irVersion(), "tf2onnx", "1.16",
        torch.metadata()), other);
    List<float[]> biased = runningVarsAfterOneStep(other);
    List<float[]> unbiased = runningVarsAfterOneStep(resource("fmnist5_resnet_train.onnx"));
    // last stage: 128 channels at 7x7 with batch 2, M = 98; the running variance starts from the
    // file's and takes 0.1 of the batch variance: unbiased - biased = 0.1 * var_b / (M - 1)
    float[] b = biased.get(biased.size() - 1);
    float[] u = unbiased.get(unbiased.size() - 1);
    int larger = 0;
    for (int c = 0; c < b.length; c++) {
      if (u[c] > b[c]) {
        larger++;
      }
    }
    assertThat(larger).isEqualTo(b.length);
  }
}
