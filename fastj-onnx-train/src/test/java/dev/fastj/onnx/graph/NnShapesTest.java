package dev.fastj.onnx.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.runtime.CompiledGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The neural-network shape rules against ONNX Runtime: for each case, the dims and types that
 * shape inference gives every node output must equal what ONNX Runtime produces; with the
 * batch made symbolic, every dim the rules still state must be right and the rank kept.
 */
class NnShapesTest {

  private static final DataType F = DataType.FLOAT;

  private record Case(String name, long[] x, Function<GraphBuilder, List<String>> build) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Tensor random(long... dims) {
    Random r = new Random(1);
    float[] v = new float[(int) Tensor.numel(dims)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return Tensor.ofFloats(v, dims);
  }

  private static String w(GraphBuilder b, long... dims) {
    return b.constant(random(dims));
  }

  static Stream<Arguments> cases() {
    List<Case> c = new ArrayList<>();
    c.add(new Case("conv strided dilated grouped", new long[] {2, 4, 11, 9}, b -> List.of(b.op("Conv",
        List.of("x", w(b, 6, 2, 3, 3)), Map.of("strides", new long[] {2, 1}, "dilations", new long[] {1, 2},
            "group", 2L, "pads", new long[] {1, 0, 2, 1})))));
    c.add(new Case("conv same_lower", new long[] {1, 2, 7, 8}, b -> List.of(b.op("Conv",
        List.of("x", w(b, 3, 2, 3, 2)), Map.of("strides", new long[] {2, 3}, "auto_pad", "SAME_LOWER")))));
    c.add(new Case("conv valid 1d", new long[] {2, 3, 10}, b -> List.of(b.op("Conv",
        List.of("x", w(b, 5, 3, 4)), Map.of("auto_pad", "VALID", "strides", new long[] {3})))));
    c.add(new Case("convTranspose output_padding", new long[] {2, 4, 5, 4}, b -> List.of(b.op("ConvTranspose",
        List.of("x", w(b, 4, 3, 3, 3)), Map.of("strides", new long[] {2, 3}, "pads", new long[] {1, 0, 1, 1},
            "output_padding", new long[] {1, 2}, "group", 2L)))));
    c.add(new Case("convTranspose output_shape", new long[] {1, 2, 3, 3}, b -> List.of(b.op("ConvTranspose",
        List.of("x", w(b, 2, 2, 3, 3)), Map.of("strides", new long[] {2, 2}, "output_shape", new long[] {6, 7})))));
    c.add(new Case("convTranspose same_upper", new long[] {1, 2, 3, 4}, b -> List.of(b.op("ConvTranspose",
        List.of("x", w(b, 2, 3, 2, 3)), Map.of("strides", new long[] {2, 2}, "auto_pad", "SAME_UPPER")))));
    c.add(new Case("maxpool indices ceil", new long[] {2, 3, 8, 7}, b -> b.op("MaxPool", List.of("x"),
        Map.of("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}, "ceil_mode", 1L,
            "pads", new long[] {1, 1, 1, 1}), 2)));
    c.add(new Case("pools ceil, last window would start in the end padding", new long[] {1, 2, 6, 5},
        b -> List.of(b.op("MaxPool", List.of("x"), Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2},
            "ceil_mode", 1L, "pads", new long[] {0, 0, 1, 1})), b.op("AveragePool", List.of("x"), Map.of(
            "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}, "ceil_mode", 1L, "pads", new long[] {0, 0, 1, 1})))));
    c.add(new Case("averagepool same_upper", new long[] {2, 3, 7, 6}, b -> List.of(b.op("AveragePool", List.of("x"),
        Map.of("kernel_shape", new long[] {3, 2}, "strides", new long[] {2, 2}, "auto_pad", "SAME_UPPER")))));
    c.add(new Case("global pools", new long[] {2, 3, 5, 4}, b -> List.of(b.op("GlobalAveragePool", "x"),
        b.op("GlobalMaxPool", "x"))));
    c.add(new Case("batchnorm training", new long[] {2, 3, 4, 4}, b -> b.op("BatchNormalization",
        List.of("x", w(b, 3), w(b, 3), w(b, 3), b.constant(Tensor.full(F, 1, 3))), Map.of("training_mode", 1L), 3)));
    c.add(new Case("layernorm with stats", new long[] {2, 3, 4}, b -> b.op("LayerNormalization",
        List.of("x", w(b, 3, 4), w(b, 4)), Map.of("axis", 1L), 3)));
    c.add(new Case("dropout with mask", new long[] {2, 3}, b -> b.op("Dropout",
        List.of("x", b.scalar(0.5), b.constant(Tensor.ofBools(new boolean[] {true}))), Map.of(), 2)));
    c.add(new Case("softmax and logsoftmax", new long[] {2, 5}, b -> List.of(b.op("Softmax", "x"),
        b.op("LogSoftmax", "x"))));
    c.add(new Case("resize scales", new long[] {2, 3, 5, 4}, b -> List.of(b.op("Resize", List.of("x", "",
        b.constant(Tensor.ofFloats(new float[] {1, 1, 2.5f, 0.5f}, 4))), Map.of("mode", "linear")))));
    c.add(new Case("resize sizes", new long[] {2, 3, 5, 4}, b -> List.of(b.op("Resize", List.of("x", "", "",
        b.longs(2, 3, 9, 12)), Map.of("mode", "nearest")))));
    c.add(new Case("softmax cross-entropy none with log_prob", new long[] {2, 5, 3},
        b -> b.op("SoftmaxCrossEntropyLoss", List.of("x", b.constant(Tensor.full(DataType.INT64, 1, 2, 3))),
            Map.of("reduction", "none"), 2)));
    c.add(new Case("nll mean", new long[] {4, 5}, b -> List.of(b.op("NegativeLogLikelihoodLoss",
        List.of("x", b.constant(Tensor.full(DataType.INT64, 1, 4))), Map.of()))));
    return c.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inferredShapes_matchOnnxRuntime(Case c) {
    GraphBuilder b = new GraphBuilder("shapes");
    b.input("x", F, c.x());
    List<String> outs = c.build().apply(b);
    for (String o : outs) {
      b.output(new ValueInfo(o, null, null, null));
    }
    Graph g = b.build();
    Map<String, ValueInfo> inferred = ShapeInference.infer(g, ShapeRules.defaults());
    // ONNX Runtime needs typed outputs: declare them with the inferred types
    GraphBuilder run = GraphBuilder.from(new Graph(g.name(), g.inputs(), List.of(), g.nodes(), g.initializers(),
        g.valueInfo()));
    for (String o : outs) {
      run.output(new ValueInfo(o, inferred.get(o).type(), null, null));
    }
    Map<String, Tensor> actual;
    try (CompiledGraph cg = CompiledGraph.compile(Model.of(run.build()))) {
      actual = cg.runTensors(Map.of("x", random(c.x())));
    }
    for (String o : outs) {
      assertThat(inferred.get(o).dims()).as("dims of %s", o).containsExactly(actual.get(o).dims());
      assertThat(inferred.get(o).type()).as("type of %s", o).isEqualTo(actual.get(o).type());
    }
    // the same graph with a symbolic batch keeps the batch symbolic and everything else
    GraphBuilder sym = new GraphBuilder("symbolic");
    long[] xs = c.x().clone();
    xs[0] = -1;
    sym.input("x", F, xs);
    Graph sg = new Graph("symbolic", sym.build().inputs(), List.of(), g.nodes(), g.initializers(), g.valueInfo());
    Map<String, ValueInfo> symInferred = ShapeInference.infer(sg, ShapeRules.defaults());
    for (String o : outs) {
      long[] d = symInferred.get(o).dims();
      long[] expected = actual.get(o).dims();
      assertThat(d).as("symbolic dims of %s", o).hasSameSizeAs(expected);
      for (int i = 0; i < d.length; i++) {
        if (d[i] >= 0) {
          assertThat(d[i]).as("dim %d of %s", i, o).isEqualTo(expected[i]);
        }
      }
    }
  }
}
