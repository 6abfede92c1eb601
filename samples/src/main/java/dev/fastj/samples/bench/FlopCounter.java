package dev.fastj.samples.bench;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.ShapeInference;
import dev.fastj.onnx.graph.ShapeRule;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Floating-point operations of a graph's matrix work: twice the multiply-accumulates of every
 * Conv, ConvTranspose, Gemm and MatMul node, from the static shapes of its inputs and outputs.
 * Element-wise operators, reductions, pooling and normalisation are left out: on a CPU they are
 * bound by memory, not by arithmetic, and the sgemm roof they are compared with counts only
 * products. A Gemm's bias and a Conv's bias add are left out too.
 *
 * <pre>{@code
 * FlopCounter.Count c = FlopCounter.count(step.graph(), 64);   // c.flops(), c.byOp(), c.uncounted()
 * }</pre>
 */
final class FlopCounter {

  private FlopCounter() {}

  /**
   * What a graph's matrix work came to.
   *
   * @param flops 2 x the multiply-accumulates of the counted nodes
   * @param byOp flops per operator type, in the order first met
   * @param uncounted the nodes of a counted type whose shapes were unknown (their description), so
   *     that a count that missed some work says so
   */
  record Count(long flops, Map<String, Long> byOp, List<String> uncounted) {
    Count {
      byOp = Map.copyOf(byOp);
      uncounted = List.copyOf(uncounted);
    }
  }

  /**
   * Counts {@code g} with its symbolic batch dimension (a -1 named "N" in the inputs and
   * annotations, as fastj's compiler declares it) bound to {@code batch}, so that every shape
   * the products see is static.
   */
  static Count count(Graph g, long batch) {
    return count(g, batch, Map.of());
  }

  /**
   * {@link #count(Graph, long)} with the dims of some inputs given ({@code -1} for the batch):
   * those the graph declares without a shape, such as a train step's target.
   */
  static Count count(Graph g, long batch, Map<String, long[]> inputDims) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    List<ValueInfo> inputs = g.inputs().stream()
        .map(v -> inputDims.containsKey(v.name()) ? ValueInfo.of(v.name(), v.type(), inputDims.get(v.name())) : v)
        .map(v -> bind(v, batch)).toList();
    Graph bound = new Graph(g.name(), inputs, g.outputs(), g.nodes(),
        g.initializers(), g.valueInfo().stream().map(v -> bind(v, batch)).toList());
    Map<String, ValueInfo> shapes = ShapeInference.infer(bound, ShapeRules.defaults().register("OneHot",
        FlopCounter::oneHot));
    return count(bound.nodes(), v -> {
      ValueInfo i = shapes.get(v);
      return i == null ? null : i.dims();
    });
  }

  /** Counts {@code nodes} with the shapes {@code shapeOf} gives (null for an unknown shape). */
  static Count count(List<Node> nodes, Function<String, long[]> shapeOf) {
    long total = 0;
    Map<String, Long> byOp = new LinkedHashMap<>();
    List<String> uncounted = new ArrayList<>();
    for (Node n : nodes) {
      if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
        continue;
      }
      long macs;
      try {
        macs = macs(n, shapeOf);
      } catch (UnknownShape e) {
        uncounted.add(n.describe());
        continue;
      }
      if (macs >= 0) {
        total += 2 * macs;
        byOp.merge(n.opType(), 2 * macs, Long::sum);
      }
    }
    return new Count(total, byOp, uncounted);
  }

  /**
   * The multiply-accumulates of one node, or -1 for an operator that is not counted.
   *
   * @throws UnknownShape when a shape it needs is unknown or has a symbolic dimension
   */
  static long macs(Node n, Function<String, long[]> shapeOf) {
    return switch (n.opType()) {
      // each output element sums (C / group) x kernel products: W is [M, C/group, k...]
      case "Conv" -> numel(shape(shapeOf, n.output(0))) * (numel(shape(shapeOf, n.input(1)))
          / shape(shapeOf, n.input(1))[0]);
      // each input element is spread over (M / group) x kernel outputs: W is [C, M/group, k...]
      case "ConvTranspose" -> numel(shape(shapeOf, n.input(0))) * (numel(shape(shapeOf, n.input(1)))
          / shape(shapeOf, n.input(1))[0]);
      case "Gemm" -> {
        long[] a = shape(shapeOf, n.input(0));
        long[] b = shape(shapeOf, n.input(1));
        boolean ta = n.attrLong("transA", 0) != 0;
        boolean tb = n.attrLong("transB", 0) != 0;
        yield (ta ? a[1] : a[0]) * (ta ? a[0] : a[1]) * (tb ? b[0] : b[1]);
      }
      // each output element is a dot product along A's last axis (broadcast batch axes included)
      case "MatMul" -> {
        long[] a = shape(shapeOf, n.input(0));
        long[] y = shape(shapeOf, n.output(0));
        yield numel(y) * a[a.length - 1];
      }
      default -> -1;
    };
  }

  private static long[] shape(Function<String, long[]> shapeOf, String value) {
    long[] s = shapeOf.apply(value);
    if (s == null) {
      throw new UnknownShape();
    }
    for (long d : s) {
      if (d < 0) {
        throw new UnknownShape();
      }
    }
    return s;
  }

  private static long numel(long[] s) {
    long n = 1;
    for (long d : s) {
      n *= d;
    }
    return n;
  }

  /**
   * OneHot's outputs: the indices' dims with the depth inserted at {@code axis}. fastj's registry
   * has no rule for it, and without one a train step's loss gradient (softmax minus one-hot) and
   * the head's weight gradient after it had unknown shapes.
   */
  private static List<ValueInfo> oneHot(Node n, ShapeRule.ShapeContext ctx) {
    long[] idx = ctx.shape(n.input(0));
    Tensor depth = ctx.constantValue(n.input(1));
    if (idx == null || depth == null || depth.numel() != 1) {
      return null;
    }
    int axis = (int) n.attrLong("axis", -1);
    axis = axis < 0 ? axis + idx.length + 1 : axis;
    long[] dims = new long[idx.length + 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      dims[i] = i == axis ? (long) depth.cast(DataType.DOUBLE).toDoubles()[0] : idx[j++];
    }
    return List.of(ValueInfo.of(n.output(0), ctx.type(n.input(2)), dims));
  }

  private static ValueInfo bind(ValueInfo v, long batch) {
    if (v.dims() == null) {
      return v;
    }
    // the record's accessors hand out its own arrays
    long[] dims = v.dims().clone();
    String[] names = v.dimNames().clone();
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0 && "N".equals(names[i])) {
        dims[i] = batch;
        names[i] = null;
      }
    }
    return new ValueInfo(v.name(), v.type(), dims, names);
  }

  /** A shape a count needed was not statically known. */
  static final class UnknownShape extends RuntimeException {
    UnknownShape() {
      super("shape unknown", null, false, false);
    }
  }
}
