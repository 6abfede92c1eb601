package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.runtime.CompiledGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 BatchNormalization gradient (training mode, batch statistics read from the node)
 * against float64 on inputs whose mean is far from 0, where sum(dY x) - mu sum(dY) cancels.
 */
class BatchNormFloat32AccuracyTest {
  private static Map<String, Tensor> grads(DataType p, double[] x, double[] r, long[] dims) {
    long c = dims[1];
    GraphBuilder b = new GraphBuilder("acc");
    b.input("x", p, dims);
    b.input("g", p, new long[] {c});
    b.input("bb", p, new long[] {c});
    String out = b.op("BatchNormalization", List.of("x", "g", "bb",
        b.constant(Tensor.full(p, 0.0, c)), b.constant(Tensor.full(p, 1.0, c))),
        Map.of("training_mode", 1L, "epsilon", 1e-5f, "momentum", 0f), 3).get(0);
    String loss = b.reduceSum(b.mul(out, b.constant(Tensor.ofDoubles(r, dims).cast(p))), false);
    Autodiff.Result res = Autodiff.backward(b, loss, List.of("x", "g"), GradientRules.defaults(),
        dev.fastj.onnx.graph.ShapeRules.defaults(), Autodiff.Options.defaults());
    b.identityAs(res.gradient("x"), "gx");
    b.identityAs(res.gradient("g"), "gg");
    b.output(new ValueInfo("gx", p, null, null));
    b.output(new ValueInfo("gg", p, null, null));
    Map<String, Tensor> feed = new LinkedHashMap<>();
    feed.put("x", Tensor.ofDoubles(x, dims).cast(p));
    double[] g = new double[(int) c];
    java.util.Arrays.fill(g, 1.0);
    feed.put("g", Tensor.ofDoubles(g, c).cast(p));
    feed.put("bb", Tensor.ofDoubles(new double[(int) c], c).cast(p));
    try (CompiledGraph cg = CompiledGraph.compile(Model.of(b.build()))) {
      return cg.runTensors(feed);
    }
  }

  private static double err(Tensor a, Tensor ref) {
    double[] av = a.toDoubles();
    double[] rv = ref.toDoubles();
    double m = 0;
    double e = 0;
    for (int i = 0; i < av.length; i++) {
      m = Math.max(m, Math.abs(rv[i]));
      e = Math.max(e, Math.abs(av[i] - rv[i]));
    }
    return e / m;
  }

  @Test
  void meanFarFromZero_float32WithinBounds() {
    long[] dims = {32, 4, 16, 16};
    int n = 32 * 4 * 16 * 16;
    for (double[] cs : new double[][] {{20, 1}, {100, 1}}) {
      Random rnd = new Random(1);
      double[] x = new double[n];
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) (cs[0] + cs[1] * rnd.nextGaussian());
        r[i] = (float) rnd.nextGaussian();
      }
      Map<String, Tensor> ref = grads(DataType.DOUBLE, x, r, dims);
      Map<String, Tensor> f = grads(DataType.FLOAT, x, r, dims);
      double dx = err(f.get("gx"), ref.get("gx"));
      double dg = err(f.get("gg"), ref.get("gg"));
      assertTrue(dx < 1e-5, "dX error " + dx + " at mean " + cs[0]);
      assertTrue(dg < 2e-4, "dgamma error " + dg + " at mean " + cs[0]);
    }
  }
}
