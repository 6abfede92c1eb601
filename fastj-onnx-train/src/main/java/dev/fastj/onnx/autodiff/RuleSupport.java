package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Small emitters that gradient rules share: typed scalar constants, shapes as int64 values
 * (static when known, a Shape node otherwise), zeros and reshapes like a value. Public so that
 * rules in other packages and modules stay short.
 */
public final class RuleSupport {

  private RuleSupport() {}

  /** A scalar constant of {@code like}'s element type (so that float64 graphs stay float64). */
  public static String scalarLike(GradContext ctx, String like, double v) {
    return ctx.builder().constant(Tensor.scalar(ctx.type(like), v));
  }

  /** True when every dim is known and static. */
  public static boolean isStatic(long[] dims) {
    if (dims == null) {
      return false;
    }
    for (long d : dims) {
      if (d < 0) {
        return false;
      }
    }
    return true;
  }

  /** The shape of {@code value} as a 1-D int64 value: a constant when static, else a Shape node. */
  public static String shapeOf(GradContext ctx, String value) {
    long[] s = ctx.shape(value);
    return isStatic(s) ? ctx.builder().longs(s) : ctx.builder().op("Shape", value);
  }

  /** Zeros of {@code like}'s shape and type (ConstantOfShape: no large constant in the model). */
  public static String zerosLike(GradContext ctx, String like) {
    return ctx.builder().op("ConstantOfShape", List.of(shapeOf(ctx, like)),
        Map.of("value", Tensor.full(ctx.type(like), 0, 1)));
  }

  /** {@code g} reshaped to {@code like}'s shape; {@code g} itself when the static shapes already agree. */
  public static String reshapeLike(GradContext ctx, String g, String like) {
    long[] gs = ctx.shape(g);
    long[] ls = ctx.shape(like);
    if (isStatic(gs) && isStatic(ls) && Arrays.equals(gs, ls)) {
      return g;
    }
    return ctx.builder().op("Reshape", g, shapeOf(ctx, like));
  }

  /** Unsqueeze with constant {@code axes} (opset-13+ input form). */
  public static String unsqueeze(GraphBuilder b, String x, long... axes) {
    return b.op("Unsqueeze", x, b.longs(axes));
  }

  /** The rank of {@code value}, or an error naming the node when it is unknown. */
  public static int rank(GradContext ctx, Node n, String value) {
    long[] s = ctx.shape(value);
    if (s == null) {
      throw new IllegalArgumentException("the gradient of " + n.opType() + " '" + n.name() + "' needs the rank of '"
          + value + "', which shape inference could not tell; declare the graph inputs' shapes");
    }
    return s.length;
  }

  /** A Cast of {@code x} to {@code to}. */
  public static String cast(GradContext ctx, String x, DataType to) {
    return ctx.builder().op("Cast", List.of(x), Map.of("to", (long) to.code()));
  }
}
