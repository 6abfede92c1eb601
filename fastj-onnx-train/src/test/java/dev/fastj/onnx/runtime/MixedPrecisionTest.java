package dev.fastj.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.AdaptiveAvgPool2d;
import dev.fastj.nn.BatchNorm2d;
import dev.fastj.nn.Conv2d;
import dev.fastj.nn.Flatten;
import dev.fastj.nn.Linear;
import dev.fastj.nn.MaxPool2d;
import dev.fastj.nn.Module;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.compile.ModelCompiler;
import dev.fastj.onnx.compile.StepGraph;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.ShapeInference;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.testing.CrossEntropy;
import dev.fastj.onnx.testing.Digits;
import dev.fastj.onnx.testing.Fit;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.StepResult;
import dev.fastj.spi.TrainableModel;
import dev.fastj.vision.Arch;
import dev.fastj.vision.HeadOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mixed precision (fastai's to_fp16) on the CPU, where ONNX Runtime runs the float16 graph
 * (slowly): the graph's types, one step against float32, overflow handling and learning.
 */
class MixedPrecisionTest {

  private static final Digits DATA = Digits.load(42);

  private static Module cnn() {
    return Sequential.of(
        Conv2d.of(1, 32, 3).withPadding(1), BatchNorm2d.of(32), ReLU.create(), MaxPool2d.of(2),
        Conv2d.of(32, 64, 3).withPadding(1), BatchNorm2d.of(64), ReLU.create(),
        AdaptiveAvgPool2d.of(1), Flatten.create(), Linear.of(64, 10));
  }

  private static ModelSpec spec(OptimizerSpec opt) {
    return ModelSpec.of(cnn(), new long[] {1, 8, 8}, new CrossEntropy(10), opt).withSeed(3);
  }

  private static Batch batch(int from, int to) {
    return Digits.batch(DATA.trainX, DATA.trainY, Digits.identity(DATA.trainX.length), from, to, 1, 8, 8);
  }

  @Test
  void trainStep_runsConvolutionsAndLinearInFloat16_andBatchNormAndLossInFloat32() {
    ModelCompiler c = new ModelCompiler(spec(OptimizerSpec.Adam.defaults()), GradientRules.defaults(),
        ShapeRules.defaults());
    boolean[] all = new boolean[c.parameters().size()];
    Arrays.fill(all, true);
    StepGraph step = c.trainStep(all, true);
    assertThat(step.mixedPrecision()).isTrue();
    Map<String, ValueInfo> types = ShapeInference.infer(step.graph(), ShapeRules.defaults());
    int half = 0;
    for (Node n : step.graph().nodes()) {
      DataType in0 = types.get(n.input(0)) == null ? null : types.get(n.input(0)).type();
      switch (n.opType()) {
        case "Conv", "Gemm" -> {
          assertThat(in0).as(n.describe()).isEqualTo(DataType.FLOAT16);
          half++;
        }
        case "BatchNormalization", "SoftmaxCrossEntropyLoss", "LogSoftmax" ->
            assertThat(in0).as(n.describe()).isEqualTo(DataType.FLOAT);
        default -> { }
      }
    }
    assertThat(half).isGreaterThanOrEqualTo(3);
    assertThat(step.graph().input(StepGraph.LOSS_SCALE).type()).isEqualTo(DataType.FLOAT);
    for (String p : step.stateOutputs().values()) {
      assertThat(types.get(p).type()).as(p).isEqualTo(DataType.FLOAT);
    }
    assertThat(types.get(step.lossOutput()).type()).isEqualTo(DataType.FLOAT);
    assertThat(types.get(step.rawOutput()).type()).isEqualTo(DataType.FLOAT);
    assertThat(types.get(step.gradsFiniteOutput()).type()).isEqualTo(DataType.BOOL);
  }

  @Test
  void oneSgdStep_inMixedPrecision_movesTheWeightsAsFloat32DoesWithinHalfPrecision() {
    OptimizerSpec sgd = OptimizerSpec.Sgd.defaults();
    try (TrainableModel f32 = Backend.get().compile(spec(sgd));
        TrainableModel f16 = Backend.get().compile(spec(sgd))) {
      f16.setMixedPrecision(true);
      assertThat(f16.mixedPrecision()).isTrue();
      // float16 keeps 11 significant bits: the update's relative error is a few 1e-4
      assertMovesAlike("small CNN", f32, f16, batch(0, 64), Hyper.uniform(1, 0.1, 0, 0, 1), 5e-3);
    }
  }

  @Test
  void oneSgdStep_ofVisionNets_inMixedPrecision_movesTheWeightsAsFloat32Does() {
    // residual adds, pooled shortcuts, fastai's head (concat pool, BatchNorm1d, dropout, two linears)
    for (Arch arch : List.of(Arch.xresnetSmall(), Arch.resnet18())) {
      Module net = arch.createModel(1, 10, HeadOptions.defaults().withPs(0));
      ModelSpec spec = ModelSpec.of(net, new long[] {1, 28, 28}, new CrossEntropy(10), OptimizerSpec.Sgd.defaults())
          .withSeed(5);
      Batch b = bigDigits(16);
      try (TrainableModel f32 = Backend.get().compile(spec); TrainableModel f16 = Backend.get().compile(spec)) {
        f16.setMixedPrecision(true);
        assertMovesAlike(arch.name(), f32, f16, b, Hyper.uniform(1, 0.1, 0, 0, 1), 3e-2);
      }
    }
  }

  /** 28x28 images of the digits (each 8x8 digit tiled, plus a ramp), with their labels. */
  private static Batch bigDigits(int n) {
    float[] x = new float[n * 28 * 28];
    long[] y = new long[n];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < 28 * 28; i++) {
        x[k * 28 * 28 + i] = DATA.trainX[k][((i / 28) % 8) * 8 + (i % 28) % 8] + 0.01f * (i % 7);
      }
      y[k] = DATA.trainY[k];
    }
    return new Batch(List.of(TensorData.ofFloats(x, n, 1, 28, 28)), List.of(TensorData.ofLongs(y, n)), new int[n]);
  }

  /**
   * One step of each model from the same weights: the float16 update must match the float32 one
   * to {@code tol} relative error over all parameters together, and to {@code 3 * tol} for each
   * parameter with a real gradient (a BatchNorm over few values per channel, such as resnet18's
   * last stage on 28x28 images, amplifies float16's rounding of its input).
   */
  private static void assertMovesAlike(String what, TrainableModel f32, TrainableModel f16, Batch b, Hyper h,
      double tol) {
    Map<String, TensorData> before = f32.stateDict(false);
    StepResult r32 = f32.trainStep(b, h, false);
    StepResult r16 = f16.trainStep(b, h.withLossScale(1024), false);
    assertThat(r16.stepped()).as(what).isTrue();
    assertThat(r16.loss()).as(what).isCloseTo(r32.loss(), within(1e-2 * r32.loss()));
    Map<String, TensorData> a32 = f32.stateDict(false);
    Map<String, TensorData> a16 = f16.stateDict(false);
    double worst = 0;
    double allDiff = 0;
    double allNorm = 0;
    for (var p : f32.parameters()) {
      float[] w0 = before.get(p.name()).toFloatArray();
      float[] w32 = a32.get(p.name()).toFloatArray();
      float[] w16 = a16.get(p.name()).toFloatArray();
      double diff = 0;
      double norm = 0;
      for (int i = 0; i < w0.length; i++) {
        double d32 = w32[i] - w0[i];
        diff += Math.pow((w16[i] - w0[i]) - d32, 2);
        norm += d32 * d32;
      }
      if (Math.sqrt(norm) < 1e-6) {
        // a conv bias before BatchNorm: its exact gradient is zero, float32 gives rounding noise
        assertThat(Math.sqrt(diff)).as("%s: update of %s, whose gradient is zero", what, p.name()).isLessThan(1e-5);
        continue;
      }
      worst = Math.max(worst, Math.sqrt(diff / norm));
      allDiff += diff;
      allNorm += norm;
      assertThat(Math.sqrt(diff / norm)).as("%s: relative error of the update of %s", what, p.name())
          .isLessThan(3 * tol);
    }
    System.out.printf("%s: one mixed-precision step, relative error of the update %.2g, worst parameter %.2g%n", what,
        Math.sqrt(allDiff / allNorm), worst);
    assertThat(Math.sqrt(allDiff / allNorm)).as("%s: relative error of the whole update", what).isLessThan(tol);
  }

  @Test
  void overflowingLossScale_skipsTheStep_andKeepsEveryStateTensorBitIdentical() {
    try (TrainableModel m = Backend.get().compile(spec(OptimizerSpec.Adam.defaults()))) {
      m.setMixedPrecision(true);
      m.trainStep(batch(0, 32), Hyper.uniform(1, 1e-3, 0.9, 0.01, 1).withLossScale(256), false);
      Map<String, TensorData> before = m.stateDict(true);
      // float16 tops out at 65504: a scale of 1e30 turns the first gradient into infinity
      StepResult r = m.trainStep(batch(32, 64), Hyper.uniform(1, 1e-3, 0.9, 0.01, 2).withLossScale(1e30), false);
      assertThat(r.stepped()).isFalse();
      assertThat(r.loss()).isFinite();
      Map<String, TensorData> after = m.stateDict(true);
      assertThat(after.keySet()).isEqualTo(before.keySet());
      before.forEach((k, v) -> assertThat(after.get(k).toFloatArray()).as(k).isEqualTo(v.toFloatArray()));
      assertThat(m.trainStep(batch(32, 64), Hyper.uniform(1, 1e-3, 0.9, 0.01, 2).withLossScale(256), false).stepped())
          .isTrue();
    }
  }

  @Test
  void frozenParameters_stayBitIdentical_inMixedPrecisionToo_andEachPrecisionHasItsOwnVariant() {
    try (TrainableModel m = Backend.get().compile(spec(OptimizerSpec.Adam.defaults()))) {
      var ps = m.parameters();
      boolean[] trainable = new boolean[ps.size()];
      for (int i = 0; i < ps.size(); i++) {
        trainable[i] = i >= ps.size() - 2 || ps.get(i).role().isNorm();
      }
      m.setTrainable(trainable);
      m.setMixedPrecision(true);
      Map<String, TensorData> before = m.stateDict(false);
      for (int t = 1; t <= 3; t++) {
        assertThat(m.trainStep(batch(32 * t, 32 * t + 32), Hyper.uniform(1, 1e-2, 0.9, 0.01, t).withLossScale(512),
            false).stepped()).isTrue();
      }
      m.setMixedPrecision(false);
      m.trainStep(batch(0, 32), Hyper.uniform(1, 1e-2, 0.9, 0.01, 4), false);
      Map<String, TensorData> after = m.stateDict(false);
      for (int i = 0; i < ps.size(); i++) {
        String n = ps.get(i).name();
        if (trainable[i]) {
          assertThat(after.get(n).toFloatArray()).as(n).isNotEqualTo(before.get(n).toFloatArray());
        } else {
          assertThat(after.get(n).toFloatArray()).as(n).isEqualTo(before.get(n).toFloatArray());
        }
      }
    }
  }

  @Test
  void smallCnn_inMixedPrecision_reaches97PercentOnDigits() {
    try (TrainableModel m = Backend.get().compile(spec(OptimizerSpec.Adam.defaults()))) {
      m.setMixedPrecision(true);
      Fit.fitScaled(m, DATA, 16, 32, 1e-2, 1, 1024, 1, 8, 8);
      assertThat(Fit.accuracy(m, DATA, 1, 8, 8)).isGreaterThanOrEqualTo(0.97);
    }
  }
}
