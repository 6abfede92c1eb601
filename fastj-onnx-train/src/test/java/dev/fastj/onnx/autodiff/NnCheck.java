package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.runtime.CompiledGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Finite-difference check of the gradient rules: builds forward + loss = sum(Y * R) (R fixed
 * random) + the autodiff backward, runs it on ONNX Runtime, and compares each analytic
 * gradient element with a central difference of the loss.
 */
final class NnCheck {

  private NnCheck() {}

  /** Worst relative error over all checked elements of all inputs. */
  static double maxRelError(DataType type, Map<String, Tensor> inputs, List<String> wrt,
      BiFunction<GraphBuilder, Map<String, String>, String> forward, double eps, long seed) {
    GraphBuilder b = new GraphBuilder("check");
    Map<String, String> names = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
      names.put(e.getKey(), b.input(e.getKey(), e.getValue().type(), e.getValue().dims()));
    }
    String y = forward.apply(b, names);
    // probe the output's shape with a forward run
    GraphBuilder probe = GraphBuilder.from(b.build());
    probe.output(new ValueInfo(y, type, null, null));
    long[] yDims;
    try (CompiledGraph g = CompiledGraph.compile(Model.of(probe.build()))) {
      yDims = g.runTensors(inputs).get(y).dims();
    }
    Random rnd = new Random(seed);
    double[] r = new double[(int) Tensor.numel(yDims)];
    for (int i = 0; i < r.length; i++) {
      r[i] = rnd.nextGaussian();
    }
    String rc = b.constant(Tensor.ofDoubles(r, yDims).cast(type));
    // d(sum(Y * R))/dY = R: seed the backward with R so only the rules under test are involved
    Autodiff.Result res = Autodiff.backward(b, y, wrt, GradientRules.defaults(), ShapeRules.defaults(),
        Autodiff.Options.defaults().withSeed(rc));
    // the finite differences read the loss in double, which keeps float32 rounding out of the sum
    String yd = type == DataType.DOUBLE ? y : b.cast(y, DataType.DOUBLE);
    String loss = b.reduceSum(b.mul(yd, b.constant(Tensor.ofDoubles(r, yDims))), false);
    b.output(loss, DataType.DOUBLE);
    for (String w : wrt) {
      if (res.gradient(w) == null) {
        throw new AssertionError("no gradient reaches " + w);
      }
      b.output(new ValueInfo(res.gradient(w), type, null, null));
    }
    double worst = 0;
    try (CompiledGraph g = CompiledGraph.compile(Model.of(b.build()))) {
      Map<String, Tensor> out = g.runTensors(inputs);
      for (String w : wrt) {
        double[] analytic = out.get(res.gradient(w)).toDoubles();
        Tensor base = inputs.get(w);
        double[] v = base.toDoubles();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
          idx.add(i);
        }
        if (idx.size() > 60) {
          java.util.Collections.shuffle(idx, new Random(seed + 1));
          idx = idx.subList(0, 60);
        }
        double scale = 0;
        for (double a : analytic) {
          scale = Math.max(scale, Math.abs(a));
        }
        for (int i : idx) {
          double keep = v[i];
          v[i] = keep + eps;
          double up = lossOf(g, inputs, w, v, base, loss);
          v[i] = keep - eps;
          double down = lossOf(g, inputs, w, v, base, loss);
          v[i] = keep;
          double numeric = (up - down) / (2 * eps);
          double err = Math.abs(numeric - analytic[i]) / Math.max(1e-3, scale);
          worst = Math.max(worst, err);
        }
      }
    }
    return worst;
  }

  private static double lossOf(CompiledGraph g, Map<String, Tensor> inputs, String w, double[] v,
      Tensor base, String loss) {
    Map<String, Tensor> in = new LinkedHashMap<>(inputs);
    in.put(w, Tensor.ofDoubles(v, base.dims()).cast(base.type()));
    return g.runTensors(in).get(loss).toDoubles()[0];
  }

  static Tensor random(DataType type, long seed, long... dims) {
    Random rnd = new Random(seed);
    double[] v = new double[(int) Tensor.numel(dims)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextGaussian();
    }
    return Tensor.ofDoubles(v, dims).cast(type);
  }
}
