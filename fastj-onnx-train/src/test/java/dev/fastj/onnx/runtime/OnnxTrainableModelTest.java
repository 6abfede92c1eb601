package dev.fastj.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.BatchNorm1d;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Module;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.onnx.testing.CrossEntropy;
import dev.fastj.onnx.testing.Digits;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.NonFiniteLossException;
import dev.fastj.spi.ParamInfo;
import dev.fastj.spi.TrainableModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Freezing, state dicts, export, NaN losses, native memory and concurrent predict. */
class OnnxTrainableModelTest {

  private static final Digits DATA = Digits.load(7);

  private static ModelSpec spec(long seed) {
    Module net = Sequential.of(Linear.of(64, 32), BatchNorm1d.of(32), ReLU.create(), Linear.of(32, 10));
    return ModelSpec.of(net, new long[] {64}, new CrossEntropy(10), OptimizerSpec.Adam.defaults()).withSeed(seed);
  }

  private static Batch batch(int i) {
    int[] order = Digits.identity(DATA.trainX.length);
    return Digits.batch(DATA.trainX, DATA.trainY, order, i * 32 % 1400, i * 32 % 1400 + 32, 64);
  }

  private static Batch valid() {
    int n = DATA.validX.length;
    return Digits.batch(DATA.validX, DATA.validY, Digits.identity(n), 0, n, 64);
  }

  private static void steps(TrainableModel m, int from, int count) {
    for (int t = from; t < from + count; t++) {
      m.trainStep(batch(t), Hyper.uniform(1, 1e-2, 0.9, 0.01, t), false);
    }
  }

  @Test
  void setTrainable_keepsFrozenParamsBitIdentical_andTrainsBatchNorm() {
    try (TrainableModel m = Backend.get().compile(spec(1))) {
      List<ParamInfo> ps = m.parameters();
      boolean[] trainable = new boolean[ps.size()];
      for (int i = 0; i < ps.size(); i++) {
        trainable[i] = ps.get(i).role().isNorm();
      }
      assertThat(trainable).contains(true, false);
      Map<String, TensorData> before = m.stateDict(false);
      m.setTrainable(trainable);
      steps(m, 1, 5);
      Map<String, TensorData> after = m.stateDict(false);
      for (int i = 0; i < ps.size(); i++) {
        String n = ps.get(i).name();
        if (trainable[i]) {
          assertThat(after.get(n).toFloatArray()).as(n).isNotEqualTo(before.get(n).toFloatArray());
        } else {
          assertThat(after.get(n).toFloatArray()).as(n).isEqualTo(before.get(n).toFloatArray());
        }
      }
      assertThat(after.get("1.running_mean").toFloatArray()).isNotEqualTo(before.get("1.running_mean").toFloatArray());

      boolean[] all = new boolean[ps.size()];
      java.util.Arrays.fill(all, true);
      m.setTrainable(all);
      steps(m, 6, 1);
      assertThat(m.stateDict(false).get("0.weight").toFloatArray()).isNotEqualTo(after.get("0.weight").toFloatArray());
    }
  }

  @Test
  void everythingFrozen_stillStepsAndUpdatesOnlyRunningStatistics() {
    try (TrainableModel m = Backend.get().compile(spec(11))) {
      Map<String, TensorData> before = m.stateDict(false);
      m.setTrainable(new boolean[m.parameters().size()]);
      double loss = m.trainStep(batch(1), Hyper.uniform(1, 1e-2, 0.9, 0.01, 1), false).loss();
      assertThat(loss).isPositive();
      Map<String, TensorData> after = m.stateDict(false);
      for (ParamInfo p : m.parameters()) {
        assertThat(after.get(p.name()).toFloatArray()).as(p.name()).isEqualTo(before.get(p.name()).toFloatArray());
      }
      assertThat(after.get("1.running_var").toFloatArray()).isNotEqualTo(before.get("1.running_var").toFloatArray());
    }
  }

  @Test
  void exportedInferenceOnnx_givesTheEvalGraphsOutputs(@TempDir Path dir) {
    try (TrainableModel m = Backend.get().compile(spec(2))) {
      steps(m, 1, 20);
      Batch v = valid();
      TensorData eval = m.evalStep(v).output();
      TensorData predicted = m.predict(List.of(v.input()));
      Path file = dir.resolve("digits.onnx");
      m.exportOnnx(file, Map.of("fastj.vocab", "0 1 2 3 4 5 6 7 8 9"));
      try (OnnxInferenceModel inf = (OnnxInferenceModel) Backend.get().loadInference(file, dev.fastj.spi.Device.cpu(1))) {
        TensorData exported = inf.predict(List.of(v.input()));
        assertThat(exported.shape()).isEqualTo(eval.shape());
        float[] a = exported.toFloatArray();
        float[] e = eval.toFloatArray();
        float[] p = predicted.toFloatArray();
        for (int i = 0; i < a.length; i++) {
          assertThat(a[i]).as("output %s", i).isCloseTo(e[i], within(1e-5f));
          assertThat(p[i]).as("predict %s", i).isCloseTo(e[i], within(1e-5f));
        }
        assertThat(inf.metadata()).containsEntry("fastj.vocab", "0 1 2 3 4 5 6 7 8 9").containsKey("fastj.model");
      }
    }
  }

  @Test
  void loadInference_predictsAfterTheFileIsDeleted(@TempDir Path dir) throws Exception {
    // the session is created from the path (not a heap copy of the bytes); Learner.load deletes
    // the extracted file as soon as loading returns, so the session must not read it later
    Path file = dir.resolve("deleted.onnx");
    Batch v = valid();
    TensorData expected;
    try (TrainableModel m = Backend.get().compile(spec(11))) {
      expected = m.predict(List.of(v.input()));
      m.exportOnnx(file, Map.of("fastj.vocab", "a b"));
    }
    try (OnnxInferenceModel inf = (OnnxInferenceModel) Backend.get().loadInference(file, dev.fastj.spi.Device.cpu(1))) {
      java.nio.file.Files.delete(file);
      // the metadata is read on first use, from the session: the deleted file is not needed
      assertThat(inf.metadata()).containsEntry("fastj.vocab", "a b");
      float[] got = inf.predict(List.of(v.input())).toFloatArray();
      float[] want = expected.toFloatArray();
      assertThat(got).hasSameSizeAs(want);
      for (int i = 0; i < got.length; i++) {
        assertThat(got[i]).as("output %s", i).isCloseTo(want[i], within(1e-5f));
      }
    }
  }

  @Test
  void loadInference_ofATruncatedFile_failsNamingTheFile(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.onnx");
    try (TrainableModel m = Backend.get().compile(spec(9))) {
      m.exportOnnx(good, Map.of());
    }
    byte[] bytes = java.nio.file.Files.readAllBytes(good);
    Path cut = dir.resolve("cut.onnx");
    java.nio.file.Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> Backend.get().loadInference(cut, dev.fastj.spi.Device.cpu()))
        .isInstanceOf(OrtRunException.class).hasMessageContaining("cut.onnx");
  }

  @Test
  void stateDict_roundTripsIntoAFreshModel() {
    try (TrainableModel a = Backend.get().compile(spec(3)); TrainableModel b = Backend.get().compile(spec(4))) {
      steps(a, 1, 5);
      b.loadStateDict(a.stateDict(true));
      Batch v = valid();
      assertThat(b.predict(List.of(v.input())).toFloatArray()).isEqualTo(a.predict(List.of(v.input())).toFloatArray());
      double la = a.trainStep(batch(9), Hyper.uniform(1, 1e-2, 0.9, 0.01, 6), false).loss();
      double lb = b.trainStep(batch(9), Hyper.uniform(1, 1e-2, 0.9, 0.01, 6), false).loss();
      assertThat(lb).isEqualTo(la);
      Map<String, TensorData> sa = a.stateDict(true);
      Map<String, TensorData> sb = b.stateDict(true);
      assertThat(sb.keySet()).isEqualTo(sa.keySet()).contains("opt.exp_avg.0.weight", "1.running_var");
      for (String k : sa.keySet()) {
        assertThat(sb.get(k).toFloatArray()).as(k).isEqualTo(sa.get(k).toFloatArray());
      }
    }
  }

  @Test
  void loadStateDict_rejectsAWrongShapeNamingTheParameter() {
    try (TrainableModel m = Backend.get().compile(spec(5))) {
      Map<String, TensorData> sd = new HashMap<>(m.stateDict(false));
      sd.put("0.weight", TensorData.zeros(TensorData.DType.FLOAT32, 3, 3));
      assertThatThrownBy(() -> m.loadStateDict(sd)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0.weight").hasMessageContaining("[3, 3]").hasMessageContaining("[32, 64]");
    }
  }

  @Test
  void nanLoss_throwsNamingTheStep_andKeepsTheParameters() {
    try (TrainableModel m = Backend.get().compile(spec(6))) {
      steps(m, 1, 2);
      Map<String, TensorData> before = m.stateDict(true);
      Batch bad = batch(3);
      bad.input().floats().put(5, Float.NaN);
      assertThatThrownBy(() -> m.trainStep(bad, Hyper.uniform(1, 1e-2, 0.9, 0.01, 3), false))
          .isInstanceOf(NonFiniteLossException.class).hasMessageContaining("step 3").hasMessageContaining("NaN");
      Map<String, TensorData> after = m.stateDict(true);
      for (String k : before.keySet()) {
        assertThat(after.get(k).toFloatArray()).as(k).isEqualTo(before.get(k).toFloatArray());
      }
      steps(m, 3, 1);
    }
  }

  @Test
  void manySteps_holdAConstantNumberOfNativeTensors_andCloseFreesThemAll() {
    OnnxTrainableModel m = (OnnxTrainableModel) Backend.get().compile(spec(7));
    try {
      steps(m, 1, 1);
      int held = m.liveTensors();
      // parameters, buffers and Adam's two moments per parameter
      assertThat(held).isEqualTo(m.parameters().size() * 3 + m.buffers().size());
      for (int t = 2; t <= 300; t++) {
        m.trainStep(batch(t), Hyper.uniform(1, 1e-3, 0.9, 0.01, t), t % 50 == 0);
        if (t % 100 == 0) {
          m.evalStep(valid());
          m.predict(List.of(valid().input()));
          m.stateDict(true);
        }
      }
      assertThat(m.liveTensors()).isEqualTo(held);
    } finally {
      m.close();
    }
    assertThat(m.liveTensors()).isZero();
    assertThatThrownBy(() -> m.predict(List.of(valid().input()))).hasMessageContaining("closed");
  }

  @Test
  void repeatedEvaluation_switchesToConstantWeights_andNeverServesStaleWeights() {
    try (TrainableModel m = Backend.get().compile(spec(12))) {
      steps(m, 1, 3);
      Batch v = valid();
      float[] first = m.predict(List.of(v.input())).toFloatArray();
      double firstLoss = m.evalStep(v).loss();
      for (int i = 0; i < 3; i++) {
        assertClose(m.predict(List.of(v.input())).toFloatArray(), first);
        assertThat(m.evalStep(v).loss()).isCloseTo(firstLoss, within(1e-5));
      }
      steps(m, 4, 1);
      float[] afterStep = m.predict(List.of(v.input())).toFloatArray();
      assertThat(afterStep).isNotEqualTo(first);
      assertClose(m.predict(List.of(v.input())).toFloatArray(), afterStep);
      assertClose(m.predict(List.of(v.input())).toFloatArray(), afterStep);
      m.loadStateDict(m.stateDict(false));
      assertClose(m.predict(List.of(v.input())).toFloatArray(), afterStep);
    }
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("value %s", i).isCloseTo(expected[i], within(1e-5f));
    }
  }

  @Test
  void predict_isThreadSafe() throws Exception {
    try (TrainableModel m = Backend.get().compile(spec(8))) {
      steps(m, 1, 3);
      Batch v = valid();
      float[] expected = m.predict(List.of(v.input())).toFloatArray();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<float[]>> fs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          fs.add(pool.submit(() -> m.predict(List.of(valid().input())).toFloatArray()));
        }
        for (Future<float[]> f : fs) {
          assertThat(f.get()).isEqualTo(expected);
        }
      } finally {
        pool.shutdown();
      }
    }
  }
}
