package dev.fastj.onnx.optim;

import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Hyper;
import java.util.List;
import java.util.Map;

/**
 * Adam as a subgraph, in fastai's form (beta1 is the scheduled "momentum"):
 * <pre>
 * m = b1 m + (1 - b1) g
 * v = b2 v + (1 - b2) g^2
 * w = w (1 - lr wd) - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 * With {@code decoupledWd} false the decay is L2 instead ({@code g + wd w} before the moments).
 * The values that change with the step (the bias corrections {@code 1 - b1^t}, per parameter
 * since b1 is scheduled per group, and {@code 1 - b2^t}, and the learning rate and weight decay
 * folded with them) are computed in Java and fed as inputs each step, so the step count never
 * enters the graph and a schedule never rebuilds it. Inputs: {@code hyper.mom},
 * {@code hyper.one_minus_mom}, {@code hyper.wd}, {@code hyper.decay} (1 - lr wd),
 * {@code hyper.step_size} (one entry per parameter) and {@code hyper.eps_hat}.
 */
public final class AdamGraph implements OptimizerGraph {

  /** State kind of the first moment, PyTorch's name. */
  public static final String EXP_AVG = "exp_avg";
  /** State kind of the second moment, PyTorch's name. */
  public static final String EXP_AVG_SQ = "exp_avg_sq";

  private final OptimizerSpec.Adam spec;

  /** The Adam update for {@code spec}; beta2 and eps are constants of the graph. */
  public AdamGraph(OptimizerSpec.Adam spec) {
    this.spec = spec;
  }

  @Override
  public List<String> stateKinds() {
    return List.of(EXP_AVG, EXP_AVG_SQ);
  }

  @Override
  public HyperValues declareInputs(GraphBuilder b, int nParams) {
    Map<String, List<String>> per = new java.util.LinkedHashMap<>();
    for (String k : List.of("mom", "one_minus_mom", "wd", "decay", "step_size")) {
      per.put(k, HyperInputs.perParam(b, k, nParams));
    }
    return new HyperValues(per, Map.of("eps_hat", HyperInputs.shared(b, "eps_hat")));
  }

  /**
   * The update, with the bias corrections folded into two values computed in Java so that no
   * full-size tensor is divided by a scalar: {@code step_size = lr sqrt(1 - b2^t) / (1 - b1^t)}
   * and {@code eps_hat = eps sqrt(1 - b2^t)} give the same result as the formula above, since
   * (m / bc1) / (sqrt(v / bc2) + eps) = m sqrt(bc2) / bc1 / (sqrt(v) + eps sqrt(bc2)).
   */
  @Override
  public Map<String, String> update(GraphBuilder b, HyperValues h, int i, String w, String g,
      Map<String, String> state, boolean decay) {
    String grad = g;
    if (decay && !spec.decoupledWd()) {
      grad = b.add(g, b.mul(h.of("wd", i), w));
    }
    String m = b.add(b.mul(h.of("mom", i), state.get(EXP_AVG)), b.mul(h.of("one_minus_mom", i), grad));
    String v = b.add(b.mul(b.scalar(spec.beta2()), state.get(EXP_AVG_SQ)),
        b.mul(b.scalar(1 - spec.beta2()), b.mul(grad, grad)));
    String denom = b.add(b.op("Sqrt", v), h.shared("eps_hat"));
    String base = decay && spec.decoupledWd() ? b.mul(w, h.of("decay", i)) : w;
    String neww = b.sub(base, b.mul(b.div(m, denom), h.of("step_size", i)));
    return Map.of("", neww, EXP_AVG, m, EXP_AVG_SQ, v);
  }

  @Override
  public Map<String, float[]> feed(Hyper hyper, int[] groupOfParam) {
    int groups = hyper.groups();
    double sqrtBc2 = Math.sqrt(1 - Math.pow(spec.beta2(), hyper.step()));
    double[] oneMinusMom = new double[groups];
    double[] decay = new double[groups];
    double[] stepSize = new double[groups];
    for (int g = 0; g < groups; g++) {
      double bc1 = 1 - Math.pow(hyper.mom()[g], hyper.step());
      oneMinusMom[g] = 1 - hyper.mom()[g];
      decay[g] = 1 - hyper.lr()[g] * hyper.wd()[g];
      stepSize[g] = hyper.lr()[g] * sqrtBc2 / bc1;
    }
    Map<String, float[]> m = new java.util.LinkedHashMap<>();
    m.put(HyperInputs.PREFIX + "mom", HyperInputs.expand(hyper.mom(), groupOfParam, "mom"));
    m.put(HyperInputs.PREFIX + "one_minus_mom", HyperInputs.expand(oneMinusMom, groupOfParam, "mom"));
    m.put(HyperInputs.PREFIX + "wd", HyperInputs.expand(hyper.wd(), groupOfParam, "wd"));
    m.put(HyperInputs.PREFIX + "decay", HyperInputs.expand(decay, groupOfParam, "lr"));
    m.put(HyperInputs.PREFIX + "step_size", HyperInputs.expand(stepSize, groupOfParam, "lr"));
    m.put(HyperInputs.PREFIX + "eps_hat", new float[] {(float) (spec.eps() * sqrtBc2)});
    return m;
  }
}
