package dev.fastj.onnx.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.nn.LSTM;
import dev.fastj.nn.Var;
import dev.fastj.onnx.autodiff.Autodiff;
import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.runtime.CompiledGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The LSTM layer against a plain float64 loop of PyTorch's equations (gate order i, f, g, o), and
 * its two ONNX formulations against each other: the same outputs, final state and gradients of
 * every parameter, the input and the initial state.
 */
class LstmModuleTest {

  private static final int N = 3;
  private static final int T = 5;
  private static final int C = 4;
  private static final int H = 6;
  private static final List<String> PARAMS = List.of("lstm.weight_ih", "lstm.weight_hh", "lstm.bias_ih", "lstm.bias_hh");

  private static Map<String, Tensor> feed() {
    Map<String, Tensor> f = new LinkedHashMap<>();
    f.put("x", random(1, 1.0, N, T, C));
    f.put("h0", random(2, 0.5, N, H));
    f.put("c0", random(3, 0.5, N, H));
    f.put("lstm.weight_ih", random(4, 0.4, 4 * H, C));
    f.put("lstm.weight_hh", random(5, 0.4, 4 * H, H));
    f.put("lstm.bias_ih", random(6, 0.4, 4 * H));
    f.put("lstm.bias_hh", random(7, 0.4, 4 * H));
    return f;
  }

  private static Tensor random(long seed, double scale, long... dims) {
    Random r = new Random(seed);
    float[] v = new float[(int) Tensor.numel(dims)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (scale * r.nextGaussian());
    }
    return Tensor.ofFloats(v, dims);
  }

  /** Outputs y, h, c and the gradients of sum(out * weights) by every input, by name. */
  private static Map<String, double[]> run(LSTM.Formulation form) {
    GraphBuilder b = new GraphBuilder("lstm");
    GraphEmitter e = new GraphEmitter(b, GraphEmitter.Mode.TRAIN, ShapeRules.defaults(), null);
    Var x = e.input("x", DataType.FLOAT, new long[] {-1, T, C});
    Var h0 = e.input("h0", DataType.FLOAT, new long[] {-1, H});
    Var c0 = e.input("c0", DataType.FLOAT, new long[] {-1, H});
    LSTM.Result r = e.scoped("lstm", () -> LSTM.of(C, H).withFormulation(form).forward(e, x, new LSTM.State(h0, c0)));
    assertThat(r.output().shape()).containsExactly(-1, T, H);
    assertThat(r.state().h().shape()).containsExactly(-1, H);
    String out = b.op("Concat", List.of(b.reshape(r.output().name(), -1), b.reshape(r.state().h().name(), -1),
        b.reshape(r.state().c().name(), -1)), Map.of("axis", 0L));
    String loss = b.reduceSum(b.mul(out, b.constant(random(9, 1.0, N * T * H + 2 * N * H))), false);
    List<String> wrt = new java.util.ArrayList<>(PARAMS);
    wrt.addAll(List.of("x", "h0", "c0"));
    Autodiff.Result g = Autodiff.backward(b, loss, wrt, GradientRules.defaults(), ShapeRules.defaults(),
        Autodiff.Options.defaults());
    Map<String, String> outs = new LinkedHashMap<>();
    outs.put("y", r.output().name());
    outs.put("h", r.state().h().name());
    outs.put("c", r.state().c().name());
    wrt.forEach(w -> outs.put("d" + w, g.gradient(w)));
    outs.forEach((k, v) -> b.output(new ValueInfo(b.identityAs(v, "out_" + k.replace(".", "_")), DataType.FLOAT, null, null)));
    try (CompiledGraph cg = CompiledGraph.compile(Model.of(b.build()))) {
      Map<String, Tensor> res = cg.runTensors(feed());
      Map<String, double[]> m = new LinkedHashMap<>();
      outs.keySet().forEach(k -> m.put(k, res.get("out_" + k.replace(".", "_")).toDoubles()));
      return m;
    }
  }

  @Test
  void bothFormulations_matchPyTorchsEquations() {
    Map<String, Tensor> f = feed();
    double[] x = f.get("x").toDoubles();
    double[] wi = f.get("lstm.weight_ih").toDoubles();
    double[] wh = f.get("lstm.weight_hh").toDoubles();
    double[] bi = f.get("lstm.bias_ih").toDoubles();
    double[] bh = f.get("lstm.bias_hh").toDoubles();
    double[] h = f.get("h0").toDoubles();
    double[] c = f.get("c0").toDoubles();
    double[] y = new double[N * T * H];
    for (int t = 0; t < T; t++) {
      double[] hn = new double[N * H];
      double[] cn = new double[N * H];
      for (int n = 0; n < N; n++) {
        double[] gate = new double[4 * H];
        for (int k = 0; k < 4 * H; k++) {
          double s = bi[k] + bh[k];
          for (int j = 0; j < C; j++) {
            s += wi[k * C + j] * x[(n * T + t) * C + j];
          }
          for (int j = 0; j < H; j++) {
            s += wh[k * H + j] * h[n * H + j];
          }
          gate[k] = s;
        }
        for (int j = 0; j < H; j++) {
          double i = sigmoid(gate[j]);
          double fg = sigmoid(gate[H + j]);
          double g = Math.tanh(gate[2 * H + j]);
          double o = sigmoid(gate[3 * H + j]);
          cn[n * H + j] = fg * c[n * H + j] + i * g;
          hn[n * H + j] = o * Math.tanh(cn[n * H + j]);
          y[(n * T + t) * H + j] = hn[n * H + j];
        }
      }
      h = hn;
      c = cn;
    }
    for (LSTM.Formulation form : LSTM.Formulation.values()) {
      Map<String, double[]> r = run(form);
      assertClose(form + " y", r.get("y"), y, 1e-5);
      assertClose(form + " h", r.get("h"), h, 1e-5);
      assertClose(form + " c", r.get("c"), c, 1e-5);
    }
  }

  @Test
  void formulations_giveTheSameGradients() {
    Map<String, double[]> unrolled = run(LSTM.Formulation.UNROLLED);
    Map<String, double[]> op = run(LSTM.Formulation.ONNX_OP);
    for (String k : unrolled.keySet()) {
      assertClose(k, op.get(k), unrolled.get(k), 2e-5);
    }
    // a gradient of zeros would agree trivially
    assertThat(java.util.Arrays.stream(op.get("dlstm.weight_hh")).map(Math::abs).max().getAsDouble()).isGreaterThan(0.1);
  }

  @Test
  void input_ofWrongFeatures_orUnknownLength_isRefusedWithTheValue() {
    GraphEmitter e = new GraphEmitter(new GraphBuilder("g"), GraphEmitter.Mode.TRAIN, ShapeRules.defaults(), null);
    Var wrong = e.input("x", DataType.FLOAT, new long[] {-1, T, C + 1});
    assertThatThrownBy(() -> LSTM.of(C, H).forward(e, wrong)).hasMessageContaining("inputSize");
    Var noLength = e.input("y", DataType.FLOAT, new long[] {-1, -1, C});
    assertThatThrownBy(() -> LSTM.of(C, H).forward(e, noLength)).hasMessageContaining("static sequence length");
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  private static void assertClose(String what, double[] actual, double[] expected, double tol) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], within(tol * Math.max(1, Math.abs(expected[i]))));
    }
  }
}
