package dev.fastj.onnx.graph;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a U-Net takes its skip connections from the body in an imported graph: fastai's
 * {@code model_sizes} and {@code hook_outputs} over the encoder's children, for a graph that has no
 * children. fastai hooks the output of each child and keeps those whose size differs from the next
 * child's ({@code _get_sz_change_idxs}); the children of a body are the points every path from the
 * input to the output goes through. Here those points are found in the graph itself: a value
 * <em>dominates</em> the output when every path of float values from the graph's input to the output
 * passes through it (a ResNet's stage outputs do, the inside of a residual block does not, since
 * its shortcut passes around it). Among the dominating image maps (batch, channels, height, width),
 * in order, the last one before the height or width changes is a hook; the output is the last
 * activation. Shapes come from {@link ShapeInference} with the input the graph declares, so set the
 * data's input size on the graph first (the backend does).
 *
 * <p>For torchvision's resnet18 this gives the stem's ReLU and the outputs of layer1 to layer3, as
 * fastai's hooks on {@code relu}, {@code layer1}, {@code layer2} and {@code layer3}; a bottleneck
 * block's first 1x1 conv keeps the input's size, but its shortcut passes around it, so the hook stays
 * on the previous stage's output, as in fastai.
 *
 * <pre>{@code
 * UnetHooks h = UnetHooks.find(graph, "/layer3/Relu_1_output_0", ShapeRules.defaults());
 * h.hooks();   // [/layer1/Relu_1_output_0 [-1, 32, 32, 32], /layer2/Relu_1_output_0 [-1, 64, 16, 16]]
 * }</pre>
 *
 * @param hooks the values kept as skip connections, shallowest first, with their dims
 * @param output the body's output (the deepest activation), with its dims
 */
public record UnetHooks(List<ValueInfo> hooks, ValueInfo output) {

  /** How many dominating values an error lists at most. */
  private static final int LISTED = 12;

  /** Copies the list. */
  public UnetHooks {
    hooks = List.copyOf(hooks);
  }

  /** The hooks' names then the output's: the activations a U-Net inlines, shallowest first. */
  public List<String> activationNames() {
    List<String> names = new ArrayList<>(hooks.stream().map(ValueInfo::name).toList());
    names.add(output.name());
    return names;
  }

  /**
   * The hooks of the body of {@code g} that ends at {@code output} (null: the first graph output).
   *
   * @throws IllegalArgumentException when the graph has no such value, when the output does not
   *     depend on the input or is not an image map of known size, or when no dominating value changes
   *     the image size (a body that never downsamples, or one whose input also feeds its last node);
   *     the message names the values it looked at and their dims
   */
  public static UnetHooks find(Graph g, String output, ShapeRules rules) {
    String out = output != null ? output : g.outputNames().isEmpty() ? null : g.outputNames().get(0);
    checkArgument(out != null, "graph %s has no output; name the value the body ends at", g.name());
    ShapeInference si = new ShapeInference(rules);
    si.declareGraph(g);
    checkArgument(si.info(out) != null, "graph %s has no value named '%s'; its outputs are %s", g.name(), out,
        g.outputNames());
    long[] outDims = si.shape(out);
    checkArgument(isMap(outDims), "the body of %s ends at '%s' with shape %s, not an image map (batch, channels, "
        + "height, width) of known size, so a U-Net cannot grow a mask back from it; cut the body before its pooling",
        g.name(), out, outDims == null ? "unknown" : Arrays.toString(outDims));
    List<String> chain = dominators(g, out, si);
    List<ValueInfo> maps = new ArrayList<>();
    for (String v : chain) {
      if (isMap(si.shape(v))) {
        maps.add(ValueInfo.of(v, si.type(v), si.shape(v)));
      }
    }
    List<ValueInfo> hooks = new ArrayList<>();
    for (int i = 0; i + 1 < maps.size(); i++) {
      long[] a = maps.get(i).dims();
      long[] b = maps.get(i + 1).dims();
      if (a[2] != b[2] || a[3] != b[3]) {
        hooks.add(maps.get(i));
      }
    }
    checkArgument(!hooks.isEmpty(), "found no place where the body of %s changes the image size that every path from "
        + "its input %s to '%s' %s goes through, so a U-Net has no skip connection to take: %s; a U-Net needs a body "
        + "that downsamples in sequence (strided convs or poolings, such as a ResNet) and does not also feed its "
        + "input to its last layers", g.name(), realInputs(g), out, Arrays.toString(outDims), listed(maps));
    return new UnetHooks(hooks, ValueInfo.of(out, si.type(out), outDims));
  }

  /**
   * The values, in graph order, that every path of float values from a graph input to {@code out}
   * passes through, ending with {@code out}. In the nodes {@code out} depends on, in topological order,
   * an output of node {@code p} dominates exactly when no other float value made at or before
   * {@code p} is read after it: such a read would be a path around it.
   */
  private static List<String> dominators(Graph g, String out, ShapeInference si) {
    List<Node> needed = BodyCut.ancestors(g, out);
    Set<String> live = new HashSet<>(realInputs(g));
    List<Node> path = new ArrayList<>();
    for (Node n : needed) {
      List<String> floats = n.outputs().stream().filter(o -> !o.isEmpty() && isFloat(si.type(o))).toList();
      // a node that reads an activation but makes no float value (Shape) is no path of the activations
      if (!floats.isEmpty() && n.inputs().stream().anyMatch(live::contains)) {
        path.add(n);
        live.addAll(floats);
      }
    }
    checkArgument(live.contains(out), "'%s' in graph %s does not depend on the graph's input %s, so it is no body "
        + "to hook; name a value the input flows into", out, g.name(), realInputs(g));
    Map<String, Integer> lastUse = new HashMap<>();
    for (int p = 0; p < path.size(); p++) {
      for (String in : path.get(p).inputs()) {
        if (live.contains(in)) {
          lastUse.put(in, p);
        }
      }
    }
    List<String> chain = new ArrayList<>();
    int readUpTo = realInputs(g).stream().mapToInt(v -> lastUse.getOrDefault(v, -1)).max().orElse(-1);
    for (int p = 0; p < path.size(); p++) {
      List<String> made = path.get(p).outputs().stream().filter(live::contains).toList();
      // an output nothing on the path reads (BatchNorm's running statistics in a training export) is no way around
      List<String> read = made.stream().filter(v -> lastUse.containsKey(v) || v.equals(out)).toList();
      if (readUpTo <= p && read.size() == 1) {
        chain.add(read.get(0));
      }
      for (String v : made) {
        readUpTo = Math.max(readUpTo, lastUse.getOrDefault(v, -1));
      }
    }
    return chain;
  }

  private static List<String> realInputs(Graph g) {
    return g.inputs().stream().map(ValueInfo::name).filter(n -> !g.initializers().containsKey(n)).toList();
  }

  /** Unknown types count as float: an op without a shape rule must not cut the path. */
  private static boolean isFloat(DataType t) {
    return t == null || t.isFloating();
  }

  private static boolean isMap(long[] dims) {
    return dims != null && dims.length == 4 && dims[2] > 0 && dims[3] > 0;
  }

  private static String listed(List<ValueInfo> maps) {
    if (maps.isEmpty()) {
      return "no image map but the output lies on every path";
    }
    List<String> items = maps.stream().map(v -> "'" + v.name() + "' " + Arrays.toString(v.dims())).toList();
    if (items.size() > LISTED) {
      List<String> cut = new ArrayList<>(items.subList(0, LISTED / 2));
      cut.add("... " + (items.size() - LISTED) + " more ...");
      cut.addAll(items.subList(items.size() - LISTED / 2, items.size()));
      items = cut;
    }
    return "the image maps every path goes through are " + String.join(", ", items);
  }
}
