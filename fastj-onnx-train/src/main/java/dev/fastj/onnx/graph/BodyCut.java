package dev.fastj.onnx.graph;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the body of a whole image classifier ends: the feature map (batch, channels, height,
 * width) that its last global pooling reads. fastai's {@code create_body(model, cut=None)} cuts
 * a PyTorch model before its last child that has a pooling layer; a model exported to ONNX has no
 * children, so this looks for the pooling node itself. For torchvision's resnet18 exported with
 * {@code torch.onnx.export} it finds the input of {@code avgpool} (GlobalAveragePool), and the
 * {@code flatten} and {@code fc} after it are what the cut drops.
 *
 * <pre>{@code
 * Graph g = OnnxReader.read(Path.of("resnet18.onnx")).graph();
 * Arch body = Arch.fromOnnx(Path.of("resnet18.onnx"), BodyCut.find(g).value()); // what Arch.fromOnnx(file) does
 * }</pre>
 *
 * @param value the value the body ends at
 * @param pool the global pooling node that reads it, or null when the graph's output already is a
 *     feature map (a body cut before its pooling)
 * @param dims the value's dims as far as shape inference tells (-1 for symbolic ones), or null
 */
public record BodyCut(String value, Node pool, long[] dims) {

  private static final Set<String> GLOBAL_POOLS = Set.of("GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool");
  private static final Set<String> REDUCES = Set.of("ReduceMean", "ReduceMax");
  private static final Set<String> WINDOW_POOLS = Set.of("AveragePool", "MaxPool", "LpPool");

  /** Checks and copies the values. */
  public BodyCut {
    checkArgument(value != null && !value.isEmpty(), "a body cut needs the name of a value");
    dims = dims == null ? null : dims.clone();
  }

  @Override
  public long[] dims() {
    return dims == null ? null : dims.clone();
  }

  /** {@link #find(Graph, ShapeRules)} with the built-in shape rules. */
  public static BodyCut find(Graph g) {
    return find(g, ShapeRules.defaults());
  }

  /**
   * The input of the last global pooling the first graph output depends on: a GlobalAveragePool,
   * GlobalMaxPool or GlobalLpPool, a ReduceMean or ReduceMax over every spatial axis, or an
   * AveragePool, MaxPool or LpPool whose output is 1 pixel from a larger map. A pooling in the
   * middle of the body (ResNet's stem MaxPool) keeps a spatial map and is passed over; fastai's
   * concat pooling reads one map with two pools, which gives the same cut. When nothing pools and
   * the output is already a 4-d map, that output is the cut. Bring files older than opset 18 up
   * first ({@code OpsetUpgrade.to18}) so that shapes are inferred as fastj compiles them.
   *
   * @throws IllegalArgumentException when there is no graph output, or no global pooling and the
   *     output is not a feature map; the message lists the last feature maps to cut at instead
   */
  public static BodyCut find(Graph g, ShapeRules rules) {
    checkArgument(!g.outputs().isEmpty(), "graph %s has no output to find a body in", g.name());
    String output = g.outputNames().get(0);
    ShapeInference si = new ShapeInference(rules);
    si.declareGraph(g);
    List<Node> ancestors = ancestors(g, output);
    for (int i = ancestors.size() - 1; i >= 0; i--) {
      Node n = ancestors.get(i);
      if (isGlobalPool(n, si)) {
        return new BodyCut(n.input(0), n, si.shape(n.input(0)));
      }
    }
    long[] outDims = si.shape(output);
    if (outDims != null && outDims.length == 4) {
      return new BodyCut(output, null, outDims);
    }
    throw new IllegalArgumentException(String.format("found no global pooling (GlobalAveragePool, GlobalMaxPool, "
        + "ReduceMean over height and width, or a pool down to 1x1) before the output %s%s of %s; name the value "
        + "to cut at, the last feature map (batch, channels, height, width)%s", output,
        outDims == null ? "" : " " + Arrays.toString(outDims), g.name(), lastMaps(ancestors, si)));
  }

  /**
   * The value named {@code nodeOrValue}: a graph input or node output of that name, else the only
   * output of the node of that name.
   *
   * @throws IllegalArgumentException when nothing is named so, or the node has several outputs;
   *     the message suggests {@link #find}'s cut
   */
  public static String resolve(Graph g, String nodeOrValue) {
    checkArgument(nodeOrValue != null && !nodeOrValue.isBlank(), "name a value or node to cut at");
    if (g.input(nodeOrValue) != null && !g.initializers().containsKey(nodeOrValue)) {
      return nodeOrValue;
    }
    for (Node n : g.nodes()) {
      if (n.outputs().contains(nodeOrValue)) {
        return nodeOrValue;
      }
    }
    for (Node n : g.nodes()) {
      if (n.name().equals(nodeOrValue)) {
        List<String> outs = n.outputs().stream().filter(o -> !o.isEmpty()).toList();
        checkArgument(outs.size() == 1, "node %s has outputs %s; name the one to cut at", nodeOrValue, outs);
        return outs.get(0);
      }
    }
    String hint;
    try {
      BodyCut auto = find(g);
      hint = "; the input of the last global pooling is '" + auto.value() + "'";
    } catch (IllegalArgumentException e) {
      hint = "";
    }
    throw new IllegalArgumentException("graph " + g.name() + " has no value or node named '" + nodeOrValue + "'"
        + hint);
  }

  /** The nodes {@code output} depends on, in graph order. */
  static List<Node> ancestors(Graph g, String output) {
    Map<String, Node> producers = g.producers();
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<String> todo = new ArrayDeque<>(List.of(output));
    while (!todo.isEmpty()) {
      Node n = producers.get(todo.pop());
      if (n != null && seen.add(n)) {
        n.inputs().stream().filter(s -> !s.isEmpty()).forEach(todo::push);
      }
    }
    return g.nodes().stream().filter(seen::contains).toList();
  }

  private static boolean isGlobalPool(Node n, ShapeInference si) {
    if (n.inputs().isEmpty() || n.input(0).isEmpty()) {
      return false;
    }
    long[] in = si.shape(n.input(0));
    if (in != null && in.length < 3) {
      return false;
    }
    if (GLOBAL_POOLS.contains(n.opType())) {
      return true;
    }
    if (REDUCES.contains(n.opType())) {
      return reducesSpatialAxes(n, si, in == null ? 4 : in.length);
    }
    if (WINDOW_POOLS.contains(n.opType())) {
      long[] out = si.shape(n.output(0));
      if (in == null || out == null || out.length != in.length) {
        return false;
      }
      boolean onePixel = true;
      boolean shrank = false;
      for (int d = 2; d < in.length; d++) {
        onePixel &= out[d] == 1;
        shrank |= in[d] != 1;
      }
      return onePixel && shrank;
    }
    return false;
  }

  /** True when the reduction's axes are exactly the spatial ones (2 and up) of a rank-{@code rank} input. */
  private static boolean reducesSpatialAxes(Node n, ShapeInference si, int rank) {
    long[] axes = n.attrLongs("axes", null);
    if (axes == null && n.hasInput(1)) {
      Tensor t = si.constantValue(n.input(1));
      axes = t == null ? null : t.toLongs();
    }
    if (axes == null) {
      return false;
    }
    Set<Long> got = new HashSet<>();
    for (long a : axes) {
      got.add(a < 0 ? a + rank : a);
    }
    Set<Long> spatial = new HashSet<>();
    for (long d = 2; d < rank; d++) {
      spatial.add(d);
    }
    return got.equals(spatial);
  }

  private static String lastMaps(List<Node> ancestors, ShapeInference si) {
    List<String> maps = new ArrayList<>();
    for (int i = ancestors.size() - 1; i >= 0 && maps.size() < 3; i--) {
      for (String o : ancestors.get(i).outputs()) {
        long[] d = o.isEmpty() ? null : si.shape(o);
        if (d != null && d.length == 4 && maps.size() < 3) {
          maps.add("'" + o + "' " + Arrays.toString(d));
        }
      }
    }
    return maps.isEmpty() ? "" : "; the last ones are " + String.join(", ", maps);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BodyCut c && c.value.equals(value) && java.util.Objects.equals(c.pool, pool)
        && Arrays.equals(c.dims, dims);
  }

  @Override
  public int hashCode() {
    return value.hashCode() * 31 + Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return "BodyCut[" + value + (dims == null ? "" : " " + Arrays.toString(dims))
        + (pool == null ? "" : ", before " + pool.describe()) + "]";
  }
}
