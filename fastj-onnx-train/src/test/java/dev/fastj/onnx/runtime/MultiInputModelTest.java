package dev.fastj.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.Batch;
import dev.fastj.data.InputSpec;
import dev.fastj.data.TensorData;
import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.nn.Embedding;
import dev.fastj.nn.Emitter;
import dev.fastj.nn.Linear;
import dev.fastj.nn.MultiInputModule;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Var;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.InferenceModel;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model of two inputs (int64 codes and float values) trains, evaluates and exports. */
class MultiInputModelTest {

  /** logits = Linear(ReLU(Linear(concat(emb(code), x)))): the class is code XOR (x0 > 0). */
  private record TwoInputs() implements MultiInputModule {
    @Override
    public Var forward(Emitter e, List<Var> in) {
      Var idx = e.op("Gather", List.of(in.get(0), e.constantLongs(new long[] {0})), Map.of("axis", 1L));
      Var emb = e.scoped("emb", () -> Embedding.of(2, 3).forward(e, idx));
      Var x = e.op("Concat", List.of(emb, in.get(1)), Map.of("axis", 1L));
      Var h = e.scoped("0", () -> ReLU.create().forward(e, Linear.of(5, 16).forward(e, x)));
      return e.scoped("1", () -> Linear.of(16, 2).forward(e, h));
    }
  }

  private static final List<InputSpec> INPUTS = List.of(
      new InputSpec("x_cat", new long[] {1}, TensorData.DType.INT64),
      new InputSpec("x_cont", new long[] {2}, TensorData.DType.FLOAT32));

  private static Batch batch(Random r, int n) {
    long[] codes = new long[n];
    float[] x = new float[2 * n];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      codes[i] = r.nextInt(2);
      x[2 * i] = (float) r.nextGaussian();
      x[2 * i + 1] = (float) r.nextGaussian();
      y[i] = codes[i] ^ (x[2 * i] > 0 ? 1 : 0);
    }
    return new Batch(List.of(TensorData.ofLongs(codes, n, 1), TensorData.ofFloats(x, n, 2)),
        List.of(TensorData.ofLongs(y, n)), new int[n]);
  }

  private static double accuracy(TensorData raw, TensorData y) {
    float[] o = raw.toFloatArray();
    long[] t = y.toLongArray();
    int ok = 0;
    for (int i = 0; i < t.length; i++) {
      ok += (o[2 * i + 1] > o[2 * i] ? 1 : 0) == t[i] ? 1 : 0;
    }
    return ok / (double) t.length;
  }

  @Test
  void trainsOnCodesAndValues_andTheExportTakesBothInputs(@TempDir Path dir) {
    ModelSpec spec = new ModelSpec(new TwoInputs(), INPUTS, CrossEntropyLossFlat.create(),
        OptimizerSpec.Adam.defaults(), 3, Device.cpu());
    Random r = new Random(5);
    Batch valid = batch(r, 400);
    try (TrainableModel m = Backend.get().compile(spec)) {
      for (int t = 1; t <= 300; t++) {
        m.trainStep(batch(r, 64), Hyper.uniform(1, 1e-2, 0.9, 0.01, t), false);
      }
      // measured 0.99; chance is 0.5, and neither input alone gets above 0.5 either
      assertThat(accuracy(m.evalStep(valid).output(), valid.target())).isGreaterThan(0.95);
      Path onnx = dir.resolve("two.onnx");
      m.exportOnnx(onnx, Map.of());
      try (InferenceModel inf = Backend.get().loadInference(onnx, Device.cpu())) {
        assertThat(((OnnxInferenceModel) inf).inputNames()).containsExactly("x_cat", "x_cont");
        float[] a = inf.predict(valid.inputs()).toFloatArray();
        float[] b = m.predict(valid.inputs()).toFloatArray();
        for (int i = 0; i < a.length; i++) {
          assertThat(a[i]).isCloseTo(b[i], within(1e-4f));
        }
      }
      assertThatThrownBy(() -> m.predict(List.of(valid.inputs().get(1))))
          .hasMessageContaining("the model takes 2 inputs").hasMessageContaining("x_cat");
      assertThatThrownBy(() -> m.predict(List.of(valid.inputs().get(1), valid.inputs().get(1))))
          .hasMessageContaining("input x_cat is FLOAT32 but the model was compiled for INT64");
    }
  }

  @Test
  void aSingleInputModel_isRefusedSeveralInputs() {
    assertThatThrownBy(() -> new ModelSpec(Linear.of(2, 2), INPUTS, CrossEntropyLossFlat.create(),
        OptimizerSpec.Adam.defaults(), 1, Device.cpu()))
        .hasMessageContaining("takes one input but the data has 2").hasMessageContaining("MultiInputModule");
  }
}
