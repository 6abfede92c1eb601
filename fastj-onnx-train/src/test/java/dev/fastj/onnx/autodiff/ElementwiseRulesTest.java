package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.GradCheck.awayFromZero;
import static dev.fastj.onnx.autodiff.GradCheck.randn;
import static dev.fastj.onnx.autodiff.GradCheck.uniform;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of the element-wise gradient rules, broadcasting included. */
class ElementwiseRulesTest {

  @Test
  void add_broadcastsBothWays() {
    GradCheck.of(b -> b.add("x", "y")).label("Add").input("x", randn(1, 2, 1, 3)).input("y", randn(2, 4, 1)).check();
  }

  @Test
  void add_sameInputTwice() {
    GradCheck.of(b -> b.add("x", "x")).label("Add x+x").input("x", randn(1, 3, 2)).check();
  }

  @Test
  void sub_broadcastsRow() {
    GradCheck.of(b -> b.sub("x", "y")).label("Sub").input("x", randn(3, 4, 3)).input("y", randn(4, 3)).check();
  }

  @Test
  void mul_broadcastsScalarAndSquares() {
    GradCheck.of(b -> b.mul(b.mul("x", "s"), "x")).label("Mul").input("x", randn(5, 2, 3))
        .input("s", randn(6)).check();
  }

  @Test
  void mul_ofAValueByItself() {
    GradCheck.of(b -> b.mul("x", "x")).label("Mul x*x").input("x", randn(29, 2, 3)).check();
  }

  @Test
  void div_broadcastsDenominator() {
    GradCheck.of(b -> b.div("x", "y")).label("Div").input("x", randn(7, 3, 4))
        .input("y", uniform(8, 0.5, 2, 3, 1)).check();
  }

  @Test
  void neg() {
    GradCheck.of(b -> b.neg("x")).label("Neg").input("x", randn(9, 2, 3)).check();
  }

  @Test
  void pow_byConstantExponents() {
    GradCheck.of(b -> b.op("Pow", "x", b.constant(Tensor.scalar(DataType.DOUBLE, 3))))
        .label("Pow 3").input("x", randn(10, 2, 3)).check();
    GradCheck.of(b -> b.op("Pow", "x", b.constant(Tensor.scalar(DataType.DOUBLE, 2))))
        .label("Pow 2").input("x", randn(10, 2, 3)).check();
    GradCheck.of(b -> b.op("Pow", "x", b.constant(Tensor.scalar(DataType.DOUBLE, -0.5))))
        .label("Pow -0.5").input("x", uniform(11, 0.5, 2, 2, 3)).check();
  }

  @Test
  void pow_withTrainedExponent() {
    GradCheck.of(b -> b.op("Pow", "x", "e")).label("Pow x^e").input("x", uniform(12, 0.5, 2, 2, 3))
        .input("e", uniform(13, 0.5, 2, 3)).check();
  }

  @Test
  void unaryFunctions() {
    for (String op : List.of("Exp", "Tanh", "Sigmoid", "Erf", "Softplus", "Identity")) {
      GradCheck.of(b -> b.op(op, "x")).label(op).input("x", randn(14, 3, 4)).check();
    }
    for (String op : List.of("Log", "Sqrt", "Reciprocal")) {
      GradCheck.of(b -> b.op(op, "x")).label(op).input("x", uniform(15, 0.5, 2, 3, 4)).check();
    }
    for (String op : List.of("Relu", "Abs")) {
      GradCheck.of(b -> b.op(op, "x")).label(op).input("x", awayFromZero(16, 0.05, 3, 4)).check();
    }
  }

  @Test
  void leakyRelu_usesAlpha() {
    GradCheck.of(b -> b.op("LeakyRelu", List.of("x"), Map.of("alpha", 0.2f))).label("LeakyRelu")
        .input("x", awayFromZero(17, 0.05, 3, 4)).check();
  }

  @Test
  void clip_passesInsideBoundsAndGivesBoundsTheirShare() {
    GradCheck.of(b -> b.op("Clip", "x", "lo", "hi")).label("Clip")
        .input("x", Tensor.ofDoubles(new double[] {-2.1, -0.7, -0.2, 0.3, 0.9, 1.6}, 2, 3))
        .input("lo", Tensor.scalar(DataType.DOUBLE, -0.5))
        .input("hi", Tensor.scalar(DataType.DOUBLE, 1.0))
        .check();
  }

  @Test
  void clip_withOnlyAMaximum() {
    GradCheck.of(b -> b.op("Clip", List.of("x", "", b.constant(Tensor.scalar(DataType.DOUBLE, 0.4))), Map.of()))
        .label("Clip max").input("x", Tensor.ofDoubles(new double[] {-2.1, -0.7, 0.3, 0.9}, 4)).check();
  }

  @Test
  void where_routesToChosenBranchAndBroadcasts() {
    GradCheck.of(b -> b.op("Where", "c", "x", "y")).label("Where")
        .input("c", Tensor.ofBools(new boolean[] {true, false, false, true, true, false}, 2, 3))
        .input("x", randn(18, 2, 3)).input("y", randn(19, 3)).check();
  }

  @Test
  void sumMeanMaxMin_variadicWithBroadcast() {
    GradCheck.of(b -> b.op("Sum", "x", "y", "z")).label("Sum").input("x", randn(20, 2, 3)).input("y", randn(21, 3))
        .input("z", randn(22, 2, 1)).check();
    GradCheck.of(b -> b.op("Mean", "x", "y")).label("Mean").input("x", randn(23, 2, 3)).input("y", randn(24, 3)).check();
    GradCheck.of(b -> b.op("Max", "x", "y")).label("Max").input("x", GradCheck.distinct(25, 2, 3))
        .input("y", Tensor.ofDoubles(new double[] {0.05, -0.15, 0.25}, 3)).check();
    GradCheck.of(b -> b.op("Min", "x", "y")).label("Min").input("x", GradCheck.distinct(26, 2, 3))
        .input("y", Tensor.ofDoubles(new double[] {0.05, -0.15, 0.25}, 3)).check();
  }

  @Test
  void cast_floatToFloat() {
    GradCheck.of(b -> b.cast(b.mul("x", "x"), DataType.FLOAT)).label("Cast").input("x", randn(27, 2, 3)).float32().check();
  }

  @Test
  void gelu_throughErfPrimitives() {
    GradCheck.typed((b, t) -> {
      String half = b.scalar(t, 0.5);
      String erf = b.op("Erf", b.mul("x", b.scalar(t, 1 / Math.sqrt(2))));
      return b.mul(b.mul("x", half), b.add(erf, b.scalar(t, 1)));
    }).label("GELU").input("x", randn(28, 3, 4)).check();
  }
}
