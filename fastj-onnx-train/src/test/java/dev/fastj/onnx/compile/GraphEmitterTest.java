package dev.fastj.onnx.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.nn.Init;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Module;
import dev.fastj.nn.ParamRole;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.nn.Var;
import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.autodiff.MissingGradientRuleException;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.testing.CrossEntropy;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Naming, shapes, initial values and the three graphs of the compiler. */
class GraphEmitterTest {

  private static final Module MLP = Sequential.of(Linear.of(8, 16), ReLU.create(), Linear.of(16, 3));

  private static ModelSpec spec(long seed) {
    return ModelSpec.of(MLP, new long[] {8}, new CrossEntropy(3), OptimizerSpec.Adam.defaults()).withSeed(seed);
  }

  private static ModelCompiler compiler(ModelSpec spec) {
    return new ModelCompiler(spec, GradientRules.defaults(), ShapeRules.defaults());
  }

  @Test
  void parametersAreNamedByScope_withStaticShapesAndRoles() {
    ModelCompiler c = compiler(spec(1));
    assertThat(c.parameters()).extracting(p -> p.name()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
    assertThat(c.parameters().get(0).shape()).containsExactly(16, 8);
    assertThat(c.parameters().get(1).role()).isEqualTo(ParamRole.BIAS);
    GraphEmitter e = new GraphEmitter(new GraphBuilder("g"), GraphEmitter.Mode.EVAL, ShapeRules.defaults(), null);
    Var x = e.input("x", DataType.FLOAT, new long[] {-1, 8});
    Var y = e.scoped("head", () -> MLP.forward(e, x));
    assertThat(y.shape()).containsExactly(-1, 3);
    assertThat(e.declared()).extracting(GraphEmitter.Declared::name).contains("head.0.weight");
  }

  @Test
  void initialValues_dependOnlyOnTheSeed() {
    Map<String, Tensor> a = compiler(spec(1)).initialValues();
    Map<String, Tensor> b = compiler(spec(1)).initialValues();
    Map<String, Tensor> c = compiler(spec(2)).initialValues();
    assertThat(a.get("0.weight")).isEqualTo(b.get("0.weight"));
    assertThat(a.get("0.weight")).isNotEqualTo(c.get("0.weight"));
  }

  @Test
  void aParameterDeclaredTwiceWithAnotherShape_failsNamingIt() {
    GraphEmitter e = new GraphEmitter(new GraphBuilder("g"), GraphEmitter.Mode.TRAIN, ShapeRules.defaults(), null);
    e.param("w", new long[] {2, 3}, Init.zeros(), ParamRole.WEIGHT);
    assertThat(e.param("w", new long[] {2, 3}, Init.zeros(), ParamRole.WEIGHT).name()).isEqualTo("w");
    assertThatThrownBy(() -> e.param("w", new long[] {3, 3}, Init.zeros(), ParamRole.WEIGHT))
        .hasMessageContaining("w is declared twice").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 3]");
  }

  @Test
  void aShapeMismatch_namesTheLayerAndBothShapes() {
    GraphEmitter e = new GraphEmitter(new GraphBuilder("g"), GraphEmitter.Mode.TRAIN, ShapeRules.defaults(), null);
    Var x = e.input("x", DataType.FLOAT, new long[] {-1, 3});
    assertThatThrownBy(() -> e.scoped("block", () -> e.op("Add", x, e.param("b", new long[] {4}, Init.zeros(),
        ParamRole.BIAS)))).hasMessageContaining("shape mismatch in layer 'block'").hasMessageContaining("x[-1, 3]")
        .hasMessageContaining("block.b[4]");
  }

  @Test
  void trainStep_hasStateInAndOut_andFrozenParametersGetNoUpdate() {
    ModelCompiler c = compiler(spec(1));
    StepGraph all = c.trainStep(new boolean[] {true, true, true, true});
    assertThat(all.stateOutputs()).containsKeys("0.weight", "opt.exp_avg.0.weight", "opt.exp_avg_sq.2.bias");
    assertThat(all.hyperInputs()).contains("hyper.mom", "hyper.wd", "hyper.step_size", "hyper.decay", "hyper.eps_hat");
    StepGraph frozen = c.trainStep(new boolean[] {false, false, true, true});
    assertThat(frozen.stateOutputs()).doesNotContainKeys("0.weight", "0.bias", "opt.exp_avg.0.weight");
    assertThat(frozen.graph().inputNames()).contains("0.weight").doesNotContain("opt.exp_avg.0.weight");
    assertThat(frozen.graph().nodes().size()).isLessThan(all.graph().nodes().size());
    assertThat(frozen.trained()).containsExactly(2, 3);
  }

  @Test
  void inferenceModel_holdsWeightsAsConstants() {
    ModelCompiler c = compiler(spec(1));
    Model m = c.inference(c.initialValues(), Map.of("k", "v"));
    assertThat(m.graph().inputNames()).containsExactly("input");
    assertThat(m.graph().outputNames()).containsExactly("output");
    assertThat(m.graph().initializers()).containsKeys("0.weight", "2.bias");
    assertThat(m.metadata()).containsEntry("k", "v").containsKey("fastj.model");
    assertThat(m.opset()).isEqualTo(Model.OPSET);
  }

  @Test
  void anOperatorWithoutGradientRule_failsAtCompileNamingIt() {
    Module odd = (e, x) -> e.op("Cos", e.op("MatMul", x, e.param("w", new long[] {8, 3}, Init.ones(), ParamRole.WEIGHT)));
    ModelSpec spec = ModelSpec.of(odd, new long[] {8}, new CrossEntropy(3), OptimizerSpec.Adam.defaults());
    assertThatThrownBy(() -> Backend.get().compile(spec)).isInstanceOf(MissingGradientRuleException.class)
        .hasMessageContaining("Cos");
  }

  @Test
  void dropout_isRandomWhileTrainingAndOffInEvaluation() {
    Module net = Sequential.of(Linear.of(8, 64), dev.fastj.nn.Dropout.of(0.5), Linear.of(64, 3));
    ModelSpec spec = ModelSpec.of(net, new long[] {8}, new CrossEntropy(3), OptimizerSpec.Sgd.defaults());
    float[] x = new float[4 * 8];
    java.util.Arrays.fill(x, 1f);
    dev.fastj.data.Batch batch = new dev.fastj.data.Batch(List.of(dev.fastj.data.TensorData.ofFloats(x, 4, 8)),
        List.of(dev.fastj.data.TensorData.ofLongs(new long[] {0, 1, 2, 0}, 4)), new int[4]);
    try (TrainableModel m = Backend.get().compile(spec)) {
      // lr 0: the weights stay, so only the dropout masks can make two training outputs differ
      dev.fastj.spi.Hyper h = dev.fastj.spi.Hyper.uniform(1, 0, 0, 0, 1);
      float[] t1 = m.trainStep(batch, h, true).output().toFloatArray();
      float[] t2 = m.trainStep(batch, h, true).output().toFloatArray();
      assertThat(t1).isNotEqualTo(t2);
      float[] e1 = m.evalStep(batch).output().toFloatArray();
      assertThat(m.evalStep(batch).output().toFloatArray()).isEqualTo(e1);
    }
  }

  @Test
  void aCnnWithMaxPool_trainsItsLossDown() {
    Module cnn = Sequential.of(dev.fastj.nn.Conv2d.of(1, 4, 3).withPadding(1), ReLU.create(),
        dev.fastj.nn.MaxPool2d.of(2), dev.fastj.nn.Flatten.create(), Linear.of(4 * 4 * 4, 3));
    ModelSpec spec = ModelSpec.of(cnn, new long[] {1, 8, 8}, new CrossEntropy(3), OptimizerSpec.Adam.defaults());
    java.util.Random rnd = new java.util.Random(1);
    float[] x = new float[6 * 64];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    dev.fastj.data.Batch batch = new dev.fastj.data.Batch(List.of(dev.fastj.data.TensorData.ofFloats(x, 6, 1, 8, 8)),
        List.of(dev.fastj.data.TensorData.ofLongs(new long[] {0, 1, 2, 0, 1, 2}, 6)), new int[6]);
    try (TrainableModel m = Backend.get().compile(spec)) {
      double first = m.trainStep(batch, dev.fastj.spi.Hyper.uniform(1, 1e-2, 0.9, 0, 1), false).loss();
      double last = first;
      for (int t = 2; t <= 30; t++) {
        last = m.trainStep(batch, dev.fastj.spi.Hyper.uniform(1, 1e-2, 0.9, 0, t), false).loss();
      }
      assertThat(last).isLessThan(first / 2);
    }
  }

  @Test
  void cudaAsked_fallsBackToTheCpu() {
    try (TrainableModel m = Backend.get().compile(spec(1).withDevice(Device.cuda(0)))) {
      assertThat(m.predict(List.of(dev.fastj.data.TensorData.zeros(dev.fastj.data.TensorData.DType.FLOAT32, 2, 8)))
          .shape()).containsExactly(2, 3);
    }
  }
}
