package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.runtime.CompiledGraph;
import dev.fastj.onnx.runtime.SessionConfig;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An embedding's gradient under many repeated indices, run on two threads: every gradient row
 * must reach its table row. ScatterND with reduction add, the first formulation, lost some of
 * the repeated updates on two or more threads (a row's sum came out too small, differently from
 * run to run) while the float64 finite-difference check, on small inputs, passed.
 */
class GatherGradientThreadsTest {

  @Test
  void embeddingGradient_sumsEveryRepeatedRow_onTwoThreads() {
    int vocab = 7;
    int dim = 48;
    int n = 20_000;
    Random r = new Random(3);
    long[] idx = new long[n];
    float[] g = new float[n * dim];
    double[] expected = new double[vocab * dim];
    for (int i = 0; i < n; i++) {
      idx[i] = r.nextInt(vocab);
      for (int d = 0; d < dim; d++) {
        g[i * dim + d] = (float) r.nextGaussian();
        expected[(int) idx[i] * dim + d] += g[i * dim + d];
      }
    }
    GraphBuilder b = new GraphBuilder("gather-threads");
    b.input("emb", DataType.FLOAT, vocab, dim);
    b.input("idx", DataType.INT64, -1);
    b.input("g", DataType.FLOAT, -1, dim);
    String y = b.op("Gather", "emb", "idx");
    // loss = sum(y * g): its gradient with respect to y is g, so emb's gradient is the row sums
    String loss = b.reduceSum(b.mul(y, "g"), false);
    Autodiff.Result res = Autodiff.backward(b, loss, List.of("emb"), GradientRules.defaults(),
        dev.fastj.onnx.graph.ShapeRules.defaults());
    b.identityAs(res.gradient("emb"), "demb");
    b.output(new ValueInfo("demb", DataType.FLOAT, null, null));
    try (CompiledGraph cg = CompiledGraph.compile(Model.of(b.build()), SessionConfig.defaults().withIntraOpThreads(2))) {
      Map<String, Tensor> feed = Map.of("emb", Tensor.ofFloats(new float[vocab * dim], vocab, dim),
          "idx", Tensor.ofLongs(idx, n), "g", Tensor.ofFloats(g, n, dim));
      for (int run = 0; run < 5; run++) {
        double[] got = cg.runTensors(feed).get("demb").toDoubles();
        for (int i = 0; i < expected.length; i++) {
          assertThat(got[i]).as("row %d column %d, run %d", i / dim, i % dim, run)
              .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-2 + 1e-4 * Math.abs(expected[i])));
        }
      }
    }
  }
}
