package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.GradCheck.randn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.runtime.GraphRunner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backward engine: which nodes it visits, what it reports, and how it fails. */
class AutodiffTest {

  private static Autodiff.Result backward(GraphBuilder b, String loss, List<String> wrt) {
    return Autodiff.backward(b, loss, wrt, GradientRules.defaults(), ShapeRules.defaults());
  }

  @Test
  void missingRule_namesOperatorAndNodeAndHowToAddOne() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, 2, 3);
    String y = b.op("Celu", "x");
    String loss = b.reduceSum(y, false);
    String nodeName = b.nodes().get(0).name();

    assertThatThrownBy(() -> backward(b, loss, List.of("x")))
        .isInstanceOf(MissingGradientRuleException.class)
        .hasMessageContaining("Celu")
        .hasMessageContaining("'" + nodeName + "'")
        .hasMessageContaining("GradientRules.register(\"Celu\"")
        .satisfies(e -> assertThat(((MissingGradientRuleException) e).nodeName()).isEqualTo(nodeName));
  }

  @Test
  void nodesOffThePath_needNoRule() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.DOUBLE, 2, 3);
    b.input("c", DataType.DOUBLE, 2, 3);
    String offPath = b.op("Celu", "c");                // does not depend on x
    String unused = b.op("Celu", "x");                 // does not reach the loss
    String loss = b.reduceSum(b.mul("x", offPath), false);
    Autodiff.Result r = backward(b, loss, List.of("x"));
    assertThat(r.gradient("x")).isNotNull();
    assertThat(unused).isNotNull();
  }

  @Test
  void integerPaths_carryNoGradient() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.DOUBLE, 2, 3);
    String idx = b.op("ArgMax", List.of("x"), Map.of("axis", 1L, "keepdims", 0L));   // no rule needed
    String picked = b.op("Gather", "x", idx);
    String loss = b.reduceSum(picked, false);
    Autodiff.Result r = backward(b, loss, List.of("x"));
    assertThat(r.gradient("x")).isNotNull();
  }

  @Test
  void unreachedValues_areReported_andGetZerosOnlyWhenAsked() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.DOUBLE, 2, 3);
    b.input("unused", DataType.DOUBLE, 4);
    String loss = b.reduceSum(b.mul("x", "x"), false);
    Autodiff.Result r = backward(b, loss, List.of("x", "unused"));
    assertThat(r.gradients()).containsOnlyKeys("x");
    assertThat(r.unreached()).containsExactly("unused");

    GraphBuilder b2 = new GraphBuilder("g");
    b2.input("x", DataType.DOUBLE, 2, 3);
    b2.input("unused", DataType.DOUBLE, 4);
    String loss2 = b2.reduceSum(b2.mul("x", "x"), false);
    Autodiff.Result r2 = Autodiff.backward(b2, loss2, List.of("x", "unused"), GradientRules.defaults(),
        ShapeRules.defaults(), Autodiff.Options.defaults().withZerosForUnreached(true));
    b2.output(new ValueInfo(r2.gradient("unused"), DataType.DOUBLE, null, null));
    Map<String, Tensor> out = GraphRunner.run(Model.of(b2.build()),
        Map.of("x", randn(1, 2, 3), "unused", randn(2, 4)));
    Tensor z = out.get(r2.gradient("unused"));
    assertThat(z.dims()).containsExactly(4);
    assertThat(z.toDoubles()).containsOnly(0.0);
  }

  @Test
  void unknownLossOrWrt_isRejectedByName() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, 2);
    String loss = b.reduceSum("x", false);
    assertThatThrownBy(() -> backward(b, "nope", List.of("x"))).hasMessageContaining("loss value 'nope'");
    assertThatThrownBy(() -> backward(b, loss, List.of("w"))).hasMessageContaining("'w'");
  }

  @Test
  void ruleGivingAWrongShape_isReportedAtItsNode() {
    GradientRules rules = GradientRules.defaults()
        .register("Relu", (n, ctx) -> ctx.addGradInput(0, ctx.builder().reduceSum(ctx.gradOutput(0), true, 0)));
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, 3, 4);
    String y = b.op("Relu", "x");
    String loss = b.reduceSum(y, false);
    assertThatThrownBy(() -> Autodiff.backward(b, loss, List.of("x"), rules, ShapeRules.defaults()))
        .isInstanceOf(GradientShapeException.class)
        .hasMessageContaining("Relu")
        .hasMessageContaining("[1, 4]")
        .hasMessageContaining("[3, 4]");
  }

  @Test
  void registeredRule_extendsTheEngine() {
    // celu(x) = max(0, x) + min(0, alpha (exp(x / alpha) - 1)): slope 1 above 0, exp(x / alpha) below
    GradientRules rules = GradientRules.defaults().register("Celu", (Node n, GradContext ctx) -> {
      GraphBuilder b = ctx.builder();
      String x = n.input(0);
      String below = b.op("Exp", b.div(x, RuleSupport.scalarLike(ctx, x, n.attrFloat("alpha", 1f))));
      String slope = b.op("Where", b.op("Greater", x, RuleSupport.scalarLike(ctx, x, 0)),
          RuleSupport.scalarLike(ctx, x, 1), below);
      ctx.addGradInput(0, b.mul(ctx.gradOutput(0), slope));
    });
    GradCheck.of(b -> b.op("Celu", List.of("x"), Map.of("alpha", 0.5f))).label("custom Celu").rules(rules).float32()
        .input("x", GradCheck.awayFromZero(3, 0.05, 3, 4)).check();
  }

  @Test
  void trainedInitializer_isNotTreatedAsAConstant() {
    GradCheck.of(b -> {
      b.initializer("e", Tensor.scalar(DataType.DOUBLE, 2));
      return b.op("Pow", "x", "e");
    }).label("Pow with trained initializer exponent").input("x", GradCheck.uniform(4, 0.5, 2, 2, 3)).check();
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.DOUBLE, 3);
    b.initializer("e", Tensor.scalar(DataType.DOUBLE, 2));
    String loss = b.reduceSum(b.op("Pow", "x", "e"), false);
    Autodiff.Result r = backward(b, loss, List.of("e"));
    b.output(new ValueInfo(r.gradient("e"), DataType.DOUBLE, null, null));
    double[] x = {0.5, 1.5, 2.0};
    double got = GraphRunner.run(Model.of(b.build()), Map.of("x", Tensor.ofDoubles(x, 3)))
        .get(r.gradient("e")).toDoubles()[0];
    double want = 0;
    for (double v : x) {
      want += v * v * Math.log(v);
    }
    assertThat(got).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void gradientOfAnIntermediateValue() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.DOUBLE, 3);
    String h = b.mul("x", "x");
    String loss = b.reduceSum(b.mul(h, b.constant(Tensor.ofDoubles(new double[] {1, 2, 3}, 3))), false);
    Autodiff.Result r = backward(b, loss, List.of(h));
    b.output(new ValueInfo(r.gradient(h), DataType.DOUBLE, null, null));
    Tensor g = GraphRunner.run(Model.of(b.build()), Map.of("x", randn(5, 3))).get(r.gradient(h));
    assertThat(g.toDoubles()).containsExactly(1, 2, 3);
  }

  @Test
  void valueUsedManyTimes_sumsEveryContribution() {
    GradCheck.of(b -> b.op("Sum", b.mul("x", "x"), b.op("Exp", "x"), b.neg("x"), "x")).label("fan-out 5 uses")
        .input("x", randn(6, 2, 3)).check();
  }

  @Test
  void halfPrecisionGraph_getsHalfGradientsAndConstants() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT16, 2, 3);
    b.input("w", DataType.FLOAT16, 3);
    String y = b.op("Sigmoid", b.op("Relu", b.mul("x", "w")));
    String loss = b.reduceMean(y, false);
    Autodiff.Result r = backward(b, loss, List.of("w"));
    Map<String, ValueInfo> shapes = dev.fastj.onnx.graph.ShapeInference.infer(b.build(), ShapeRules.defaults());
    assertThat(shapes.get(r.gradient("w")).type()).isEqualTo(DataType.FLOAT16);
    assertThat(shapes.get(r.gradient("w")).dims()).containsExactly(3);
    assertThat(b.initializers().values()).filteredOn(t -> t.type().isFloating())
        .allSatisfy(t -> assertThat(t.type()).isEqualTo(DataType.FLOAT16));
    assertThat(Tensor.full(DataType.FLOAT16, 0.5).toDoubles()).containsExactly(0.5);
    assertThat(Tensor.full(DataType.FLOAT16, 1 / 3.0).toDoubles()[0]).isCloseTo(1 / 3.0,
        org.assertj.core.data.Offset.offset(2e-4));
  }

  @Test
  void integerWrt_getsNoGradient() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.DOUBLE, 4, 2);
    b.input("i", DataType.INT64, 3);
    String loss = b.reduceSum(b.op("Gather", "x", "i"), false);
    Autodiff.Result r = backward(b, loss, List.of("x", "i"));
    assertThat(r.gradients()).containsOnlyKeys("x");
    assertThat(r.unreached()).containsExactly("i");
  }
}
