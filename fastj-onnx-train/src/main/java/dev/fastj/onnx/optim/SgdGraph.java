package dev.fastj.onnx.optim;

import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Hyper;
import java.util.List;
import java.util.Map;

/**
 * SGD with momentum in PyTorch's convention, as a subgraph: {@code buf = mom * buf + g} (with
 * {@code g + wd * w} for L2 weight decay), then {@code w = w - lr * buf}, or with decoupled
 * weight decay (fastai's default) {@code w = w * (1 - lr * wd) - lr * buf}. With momentum 0 the
 * buffer is just the gradient, which is plain SGD.
 */
public final class SgdGraph implements OptimizerGraph {

  /** State kind of the momentum buffer, PyTorch's name. */
  public static final String MOMENTUM_BUFFER = "momentum_buffer";

  private final OptimizerSpec.Sgd spec;

  /** The SGD update for {@code spec}; momentum and weight decay values come from {@link Hyper}. */
  public SgdGraph(OptimizerSpec.Sgd spec) {
    this.spec = spec;
  }

  @Override
  public List<String> stateKinds() {
    return List.of(MOMENTUM_BUFFER);
  }

  @Override
  public HyperValues declareInputs(GraphBuilder b, int nParams) {
    return new HyperValues(HyperInputs.declareBasic(b, nParams), Map.of());
  }

  @Override
  public Map<String, String> update(GraphBuilder b, HyperValues h, int i, String w, String g,
      Map<String, String> state, boolean decay) {
    String lr = h.of("lr", i);
    String wd = h.of("wd", i);
    String grad = g;
    if (decay && !spec.decoupledWd()) {
      grad = b.add(g, b.mul(wd, w));
    }
    String buf = b.add(b.mul(h.of("mom", i), state.get(MOMENTUM_BUFFER)), grad);
    String base = w;
    if (decay && spec.decoupledWd()) {
      base = b.mul(w, b.sub(b.scalar(1), b.mul(lr, wd)));
    }
    String neww = b.sub(base, b.mul(lr, buf));
    return Map.of("", neww, MOMENTUM_BUFFER, buf);
  }

  @Override
  public Map<String, float[]> feed(Hyper hyper, int[] groupOfParam) {
    return HyperInputs.basic(hyper, groupOfParam);
  }
}
