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
 * The bias corrections {@code 1 - b1^t} (per parameter, since b1 is scheduled per group) and
 * {@code 1 - b2^t} are fed from Java, so the step count never enters the graph.
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
    Map<String, List<String>> per = HyperInputs.declareBasic(b, nParams);
    per.put("bc1", HyperInputs.perParam(b, "bc1", nParams));
    return new HyperValues(per, Map.of("bc2", HyperInputs.shared(b, "bc2")));
  }

  @Override
  public Map<String, String> update(GraphBuilder b, HyperValues h, int i, String w, String g,
      Map<String, String> state, boolean decay) {
    String lr = h.of("lr", i);
    String wd = h.of("wd", i);
    String b1 = h.of("mom", i);
    String grad = g;
    if (decay && !spec.decoupledWd()) {
      grad = b.add(g, b.mul(wd, w));
    }
    String m = b.add(b.mul(b1, state.get(EXP_AVG)), b.mul(b.sub(b.scalar(1), b1), grad));
    String v = b.add(b.mul(b.scalar(spec.beta2()), state.get(EXP_AVG_SQ)),
        b.mul(b.scalar(1 - spec.beta2()), b.mul(grad, grad)));
    String denom = b.add(b.op("Sqrt", b.div(v, h.shared("bc2"))), b.scalar(spec.eps()));
    String stepSize = b.div(lr, h.of("bc1", i));
    String base = w;
    if (decay && spec.decoupledWd()) {
      base = b.mul(w, b.sub(b.scalar(1), b.mul(lr, wd)));
    }
    String neww = b.sub(base, b.mul(b.div(m, denom), stepSize));
    return Map.of("", neww, EXP_AVG, m, EXP_AVG_SQ, v);
  }

  @Override
  public Map<String, float[]> feed(Hyper hyper, int[] groupOfParam) {
    Map<String, float[]> m = HyperInputs.basic(hyper, groupOfParam);
    double[] bc1 = new double[hyper.groups()];
    for (int g = 0; g < bc1.length; g++) {
      bc1[g] = 1 - Math.pow(hyper.mom()[g], hyper.step());
    }
    m.put(HyperInputs.PREFIX + "bc1", HyperInputs.expand(bc1, groupOfParam, "mom"));
    m.put(HyperInputs.PREFIX + "bc2", new float[] {(float) (1 - Math.pow(spec.beta2(), hyper.step()))});
    return m;
  }
}
