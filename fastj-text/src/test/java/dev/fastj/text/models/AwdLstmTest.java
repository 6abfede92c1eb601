package dev.fastj.text.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.Batch;
import dev.fastj.data.InputSpec;
import dev.fastj.data.TensorData;
import dev.fastj.nn.Var;
import dev.fastj.onnx.autodiff.Autodiff;
import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.compile.GraphEmitter;
import dev.fastj.onnx.compile.ModelCompiler;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.runtime.OnnxTrainableModel;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Device;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.ParamInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AWD-LSTM's configs, tied weights, AR/TAR in the step's gradient and the carried hidden state. */
class AwdLstmTest {

  private static final int VOCAB = 24;
  private static final int T = 5;
  private static final int N = 3;
  private static final AwdLstm.Config TINY = AwdLstm.config().withSizes(6, 8, 2);

  @Test
  void config_isFastaisLmConfig_andClassifierConfigIsFastais() {
    assertThat(AwdLstm.config()).isEqualTo(new AwdLstm.Config(400, 1152, 3, 1, 0.1, 0.15, 0.25, 0.02, 0.2, true, true));
    assertThat(AwdLstm.Config.classifier())
        .isEqualTo(new AwdLstm.Config(400, 1152, 3, 1, 0.4, 0.3, 0.4, 0.05, 0.5, false, false));
    AwdLstm.Config small = AwdLstm.smallConfig();
    assertThat(List.of(small.embSz(), small.nHid(), small.nLayers())).containsExactly(128, 256, 2);
    assertThat(small.weightP()).isEqualTo(AwdLstm.config().weightP());
  }

  @Test
  void layers_goFromEmbSzThroughNHidBackToEmbSz_withFastaisNames() {
    ModelCompiler c = compiler(AwdLstm.languageModel(VOCAB, AwdLstm.config().withSizes(6, 8, 3), 0));
    List<String> names = c.parameters().stream().map(ParamInfo::name).toList();
    assertThat(names).contains("0.encoder.weight", "0.rnns.0.weight_ih", "0.rnns.2.weight_hh", "1.bias")
        .doesNotContain("1.weight");
    Map<String, long[]> shapes = new HashMap<>();
    c.parameters().forEach(p -> shapes.put(p.name(), p.shape()));
    assertThat(shapes.get("0.rnns.0.weight_ih")).containsExactly(32, 6);
    assertThat(shapes.get("0.rnns.1.weight_hh")).containsExactly(32, 8);
    assertThat(shapes.get("0.rnns.2.weight_hh")).containsExactly(24, 6);
  }

  /** Gradients of sum(logits * R) by every parameter, in evaluation mode (no dropout). */
  private static Map<String, double[]> gradients(AwdLstmLm lm, Map<String, Tensor> values) {
    GraphRun g = new GraphRun(GraphEmitter.Mode.EVAL);
    Var tokens = g.input("tokens", DataType.INT64, N, T);
    Var logits = lm.forward(g.emitter, tokens);
    String loss = g.builder.reduceSum(g.builder.mul(logits.name(), g.builder.constant(GraphRun.normal(7, 1, N, T, VOCAB))),
        false);
    List<String> params = g.emitter.declared().stream().map(GraphEmitter.Declared::name).toList();
    Autodiff.Result r = Autodiff.backward(g.builder, loss, params, GradientRules.defaults(), ShapeRules.defaults(),
        Autodiff.Options.defaults());
    params.forEach(p -> g.output(p.replace('.', '_'), r.gradient(p)));
    Map<String, Tensor> feed = new HashMap<>(values);
    feed.put("tokens", GraphRun.tokens(5, VOCAB, N, T));
    Map<String, double[]> out = new HashMap<>();
    g.run(feed).forEach((k, v) -> out.put(k, v.toDoubles()));
    return out;
  }

  @Test
  void tiedWeight_getsTheSumOfTheEmbeddingsAndTheDecodersGradients() {
    AwdLstmLm tied = new AwdLstmLm(new AwdLstm(VOCAB, TINY, 0), new RnnRegularizer(0, 0));
    AwdLstm.Config untiedConfig = new AwdLstm.Config(6, 8, 2, 1, 0.1, 0.15, 0.25, 0.02, 0.2, false, true);
    AwdLstmLm untied = new AwdLstmLm(new AwdLstm(VOCAB, untiedConfig, 0), new RnnRegularizer(0, 0));
    Map<String, Tensor> values = new HashMap<>(compiler(untied).initialValues());
    // the untied model with its decoder's weight equal to the embedding computes the same function
    values.put("1.weight", values.get("0.encoder.weight"));
    Map<String, double[]> u = gradients(untied, values);
    Map<String, Tensor> tiedValues = new HashMap<>(values);
    tiedValues.remove("1.weight");
    Map<String, double[]> t = gradients(tied, tiedValues);
    assertThat(t).doesNotContainKey("1_weight");
    double[] sum = u.get("0_encoder_weight").clone();
    double[] dec = u.get("1_weight");
    for (int i = 0; i < sum.length; i++) {
      sum[i] += dec[i];
    }
    double[] got = t.get("0_encoder_weight");
    for (int i = 0; i < sum.length; i++) {
      assertThat(got[i]).as("tied gradient [%d]", i).isCloseTo(sum[i], within(1e-4 * Math.max(1, Math.abs(sum[i]))));
    }
    // both parts matter: the decoder's share is not negligible beside the embedding's
    assertThat(java.util.Arrays.stream(dec).map(Math::abs).sum()).isGreaterThan(0.1);
  }

  @Test
  void arTar_areDifferentiatedInTraining_butNotReportedInTheLoss() {
    AwdLstm.Config noDrop = TINY.withDropMult(0);
    double[] lossPlain = step(new AwdLstmLm(new AwdLstm(VOCAB, noDrop, 0), new RnnRegularizer(0, 0)));
    double[] lossReg = step(new AwdLstmLm(new AwdLstm(VOCAB, noDrop, 0), new RnnRegularizer(2, 1)));
    // first step: same weights, same loss reported; the update differs, so the second loss differs
    assertThat(lossReg[0]).isCloseTo(lossPlain[0], within(1e-6));
    assertThat(Math.abs(lossReg[1] - lossPlain[1])).isGreaterThan(1e-5);
  }

  @Test
  void arTar_terms_areAlphaMeanSquareAndBetaMeanSquaredStepDifference() {
    GraphRun g = new GraphRun(GraphEmitter.Mode.TRAIN);
    Var raw = g.input("raw", DataType.FLOAT, N, T, 4);
    Var dropped = g.input("dropped", DataType.FLOAT, N, T, 4);
    new RnnRegularizer(2, 1).apply(g.emitter, raw, dropped);
    List<Var> terms = g.emitter.lossTerms();
    assertThat(terms).hasSize(2);
    g.output("ar", terms.get(0).name()).output("tar", terms.get(1).name());
    Tensor r = GraphRun.normal(1, 1, N, T, 4);
    Tensor d = GraphRun.normal(2, 1, N, T, 4);
    Map<String, Tensor> out = g.run(Map.of("raw", r, "dropped", d));
    double[] rv = r.toDoubles();
    double[] dv = d.toDoubles();
    double ar = 0;
    for (double v : dv) {
      ar += v * v;
    }
    double tar = 0;
    for (int n = 0; n < N; n++) {
      for (int t = 1; t < T; t++) {
        for (int k = 0; k < 4; k++) {
          double diff = rv[(n * T + t) * 4 + k] - rv[(n * T + t - 1) * 4 + k];
          tar += diff * diff;
        }
      }
    }
    assertThat(out.get("ar").toDoubles()[0]).isCloseTo(2 * ar / dv.length, within(1e-4));
    assertThat(out.get("tar").toDoubles()[0]).isCloseTo(tar / (N * (T - 1) * 4), within(1e-4));
  }

  @Test
  void hiddenState_carriesFromOneTrainStepToTheNext() {
    AwdLstmLm lm = AwdLstm.languageModel(VOCAB, TINY.withDropMult(0), N);
    assertThat(lm.encoder().stateBuffers()).containsExactly("hidden.0.h", "hidden.0.c", "hidden.1.h", "hidden.1.c");
    try (OnnxTrainableModel m = new OnnxTrainableModel(spec(lm), GradientRules.defaults(), ShapeRules.defaults())) {
      assertThat(m.buffers()).contains("0.hidden.0.h", "0.hidden.1.c");
      Batch batch = batch(1);
      m.trainStep(batch, Hyper.uniform(1, 0, 0.9, 0, 1), false);
      float[] h1 = m.stateDict(false).get("0.hidden.1.h").toFloatArray();
      assertThat(h1).hasSize(N * 6).isNotEqualTo(new float[N * 6]);
      // at lr 0 the weights stay: a second step on the same batch starts elsewhere and ends elsewhere
      m.trainStep(batch, Hyper.uniform(1, 0, 0.9, 0, 2), false);
      float[] h2 = m.stateDict(false).get("0.hidden.1.h").toFloatArray();
      assertThat(h2).isNotEqualTo(h1);
    }
  }

  @Test
  void carriedState_ofAnotherBatchSize_isRefusedWithWhatToDo() {
    AwdLstmLm lm = AwdLstm.languageModel(VOCAB, TINY, N + 1);
    GraphRun g = new GraphRun(GraphEmitter.Mode.TRAIN);
    Var tokens = g.input("tokens", DataType.INT64, N, T);
    assertThatThrownBy(() -> lm.forward(g.emitter, tokens)).hasMessageContaining("carries a state of 4 rows")
        .hasMessageContaining("batch size");
  }

  private static ModelSpec spec(AwdLstmLm lm) {
    return new ModelSpec(lm, List.of(new InputSpec(InputSpec.DEFAULT_NAME, new long[] {T}, TensorData.DType.INT64)),
        LmCrossEntropy.create(), new OptimizerSpec.Sgd(0.9, 0, false, false), 3, Device.cpu(2));
  }

  private static ModelCompiler compiler(AwdLstmLm lm) {
    return new ModelCompiler(spec(lm), GradientRules.defaults(), ShapeRules.defaults());
  }

  static Batch batch(long seed) {
    long[] x = GraphRun.tokens(seed, VOCAB, N, T).toLongs();
    long[] y = GraphRun.tokens(seed + 100, VOCAB, N, T).toLongs();
    return new Batch(List.of(TensorData.ofLongs(x, N, T)), List.of(TensorData.ofLongs(y, N, T)), new int[N]);
  }

  /** The losses of two SGD steps on one batch. */
  private static double[] step(AwdLstmLm lm) {
    try (OnnxTrainableModel m = new OnnxTrainableModel(spec(lm), GradientRules.defaults(), ShapeRules.defaults())) {
      Batch b = batch(1);
      double first = m.trainStep(b, Hyper.uniform(1, 0.5, 0, 0, 1), false).loss();
      double second = m.trainStep(b, Hyper.uniform(1, 0.5, 0, 0, 2), false).loss();
      return new double[] {first, second};
    }
  }
}
