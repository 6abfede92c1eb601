package dev.fastj.onnx.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.OnnxGraph;
import dev.fastj.nn.ParamRole;
import dev.fastj.onnx.testing.CrossEntropy;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.ParamInfo;
import dev.fastj.spi.TrainableModel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A tiny ResNet exported by PyTorch 1.13 at opset 13 (test resources from the reader's tests),
 * inlined through {@code inlineOnnx}: the eval export reproduces PyTorch's outputs, and the
 * training export trains with its loss falling.
 */
class ImportedResNetTest {

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ImportedResNetTest.class.getResource("/dev/fastj/onnx/torch/" + name).toURI());
  }

  private static TensorData sineInput() {
    float[] x = new float[2 * 3 * 16 * 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(0.1 * i);
    }
    return TensorData.ofFloats(x, 2, 3, 16, 16);
  }

  @Test
  void evalExport_predictsWhatPyTorchComputed() throws Exception {
    List<String> lines = Files.readAllLines(resource("resnet_tiny_expected.txt"));
    ModelSpec spec = ModelSpec.of(OnnxGraph.of(resource("resnet_tiny_op13_eval.onnx")), new long[] {3, 16, 16},
        new CrossEntropy(10), OptimizerSpec.Adam.defaults());
    try (TrainableModel m = Backend.get().compile(spec)) {
      float[] out = m.predict(List.of(sineInput())).toFloatArray();
      assertThat(out).hasSize(lines.size());
      for (int i = 0; i < out.length; i++) {
        assertThat(out[i]).as("logit %s", i).isCloseTo(Float.parseFloat(lines.get(i)), within(1e-4f));
      }
    }
  }

  @Test
  void trainingExport_importsWithRolesAndBuffers_andItsLossFalls() throws Exception {
    ModelSpec spec = ModelSpec.of(OnnxGraph.of(resource("resnet_tiny_op13_train.onnx")), new long[] {3, 16, 16},
        new CrossEntropy(10), OptimizerSpec.Adam.defaults());
    try (TrainableModel m = Backend.get().compile(spec)) {
      List<ParamRole> roles = m.parameters().stream().map(ParamInfo::role).toList();
      assertThat(roles).contains(ParamRole.WEIGHT, ParamRole.BIAS, ParamRole.NORM_WEIGHT, ParamRole.NORM_BIAS);
      assertThat(m.stateDict(false).keySet()).anyMatch(k -> k.contains("running_mean"));
      Random rnd = new Random(3);
      float[] x = new float[16 * 3 * 16 * 16];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rnd.nextGaussian();
      }
      long[] y = new long[16];
      for (int i = 0; i < y.length; i++) {
        y[i] = i % 10;
      }
      Batch batch = new Batch(List.of(TensorData.ofFloats(x, 16, 3, 16, 16)), List.of(TensorData.ofLongs(y, 16)),
          new int[16]);
      double first = m.trainStep(batch, Hyper.uniform(1, 1e-2, 0.9, 0.01, 1), false).loss();
      double last = first;
      for (int t = 2; t <= 25; t++) {
        last = m.trainStep(batch, Hyper.uniform(1, 1e-2, 0.9, 0.01, t), false).loss();
      }
      assertThat(last).isLessThan(first * 0.6);
    }
  }
}
