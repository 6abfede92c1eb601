package dev.fastj.onnx.graph;

import static dev.fastj.onnx.graph.Shapes.broadcast;
import static dev.fastj.onnx.graph.Shapes.dims;
import static dev.fastj.onnx.graph.Shapes.one;

import java.util.List;

/**
 * Shape rules of element-wise operators: unary ones keep their input's shape, binary and
 * variadic ones broadcast (numpy rules), comparisons and logic give bool, Cast changes the type.
 */
final class ElementwiseShapes {

  private ElementwiseShapes() {}

  private static final List<String> UNARY = List.of("Neg", "Abs", "Exp", "Log", "Sqrt",
      "Reciprocal", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Erf", "Softplus", "Softsign",
      "Identity", "Sign", "Floor", "Ceil", "Round", "Elu", "Selu", "HardSigmoid", "HardSwish",
      "Sin", "Cos", "Clip", "Celu", "Mish", "Gelu");

  private static final List<String> BROADCAST = List.of("Add", "Sub", "Mul", "Div", "Pow",
      "Max", "Min", "Sum", "Mean", "Mod", "PRelu", "BitShift");

  private static final List<String> COMPARE = List.of("Equal", "Less", "Greater", "LessOrEqual",
      "GreaterOrEqual", "And", "Or", "Xor");

  static void register(ShapeRules r) {
    for (String op : UNARY) {
      r.register(op, (n, ctx) -> one(n, ctx.type(n.input(0)), dims(ctx, n.input(0))));
    }
    for (String op : BROADCAST) {
      r.register(op, (n, ctx) -> one(n, ctx.type(n.input(0)), broadcast(ctx, n.inputs())));
    }
    for (String op : COMPARE) {
      r.register(op, (n, ctx) -> one(n, DataType.BOOL, broadcast(ctx, n.inputs())));
    }
    r.register("Not", (n, ctx) -> one(n, DataType.BOOL, dims(ctx, n.input(0))));
    r.register("IsNaN", (n, ctx) -> one(n, DataType.BOOL, dims(ctx, n.input(0))));
    r.register("IsInf", (n, ctx) -> one(n, DataType.BOOL, dims(ctx, n.input(0))));
    r.register("Where", (n, ctx) -> one(n, ctx.type(n.input(1)), broadcast(ctx, n.inputs())));
    r.register("Cast", (n, ctx) -> one(n, DataType.fromCode((int) n.attrLong("to", 1)), dims(ctx, n.input(0))));
    r.register("CastLike", (n, ctx) -> one(n, ctx.type(n.input(1)), dims(ctx, n.input(0))));
  }
}
