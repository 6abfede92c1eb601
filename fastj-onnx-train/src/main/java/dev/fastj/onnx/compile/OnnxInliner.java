package dev.fastj.onnx.compile;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.ParamRole;
import dev.fastj.nn.Var;
import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.proto.OnnxReader;
import dev.fastj.onnx.proto.OpsetUpgrade;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inlines the graph of a standard ONNX file into the graph a {@link GraphEmitter} is building
 * ({@link GraphEmitter#inlineOnnx}).
 *
 * <p>The file is read, brought to opset 18 when older, and its nodes are copied with every
 * value renamed into the emitter's scope. Float initializers with more than one element become
 * parameters, their role guessed from their first use: the weight of Conv, ConvTranspose, Gemm
 * or MatMul is a WEIGHT and its bias a BIAS; BatchNormalization's scale and shift are
 * NORM_WEIGHT and NORM_BIAS and its mean and variance buffers; LayerNormalization's are norm
 * parameters; Gather's data is an EMBEDDING; any other is a WEIGHT (rank 2 and up) or a BIAS.
 * Scalars and integer initializers stay constants (eps, shapes, axes). In the train step a
 * BatchNormalization runs in training mode and its running statistics become buffer updates;
 * in the eval and inference graphs it runs on the running statistics.
 *
 * <p>The running variance follows the rule of the framework that trained the file: PyTorch (and
 * fastj) update it with the unbiased batch variance {@code var * M / (M - 1)}, M the values per
 * channel, while ONNX's BatchNormalization, and ONNX Runtime, use the biased one; an import of a
 * file whose producer is {@code pytorch} or {@code fastj} gets PyTorch's rule
 * ({@link #UNBIASED_PRODUCERS}), any other keeps ONNX's. The update is written out as in fastj's
 * own BatchNorm layers (a node with momentum 0 for the batch statistics, then
 * {@code running * momentum + stat * (1 - momentum)} with ONNX's meaning of the attribute), which
 * also keeps ONNX Runtime from writing the statistics in place over the running buffers.
 */
final class OnnxInliner {

  /** Producers whose BatchNorm running variance is updated with the unbiased batch variance. */
  static final Set<String> UNBIASED_PRODUCERS = Set.of("pytorch", "fastj");

  private final GraphEmitter e;
  private boolean unbiasedVariance;

  OnnxInliner(GraphEmitter e) {
    this.e = e;
  }

  List<Var> inline(Path file, List<Var> inputs, String... outputNames) {
    Model model = OnnxReader.read(file);
    if (model.opset() < Model.OPSET) {
      model = OpsetUpgrade.to18(model);
    }
    Graph g = model.graph();
    unbiasedVariance = UNBIASED_PRODUCERS.contains(model.producerName().toLowerCase(java.util.Locale.ROOT));
    List<ValueInfo> realInputs = new ArrayList<>();
    for (ValueInfo v : g.inputs()) {
      if (!g.initializers().containsKey(v.name())) {
        realInputs.add(v);
      }
    }
    checkArgument(realInputs.size() == inputs.size(), "%s has %s inputs %s but %s were given", file.getFileName(),
        realInputs.size(), realInputs, inputs.size());
    String[] wanted = outputNames.length > 0 ? outputNames : g.outputNames().toArray(new String[0]);
    List<Node> needed = neededNodes(g, wanted);
    Set<String> used = new HashSet<>();
    needed.forEach(n -> used.addAll(n.inputs()));
    used.addAll(List.of(wanted));
    Map<String, String> rename = new HashMap<>();
    rename.put("", "");
    for (int i = 0; i < inputs.size(); i++) {
      rename.put(realInputs.get(i).name(), inputs.get(i).name());
    }
    Map<String, Var> declared = new HashMap<>();
    Map<String, ParamRole> roles = guessRoles(g);
    Set<String> bufferNames = bufferNames(g);
    for (Map.Entry<String, Tensor> init : g.initializers().entrySet()) {
      String name = init.getKey();
      Tensor t = init.getValue();
      if (rename.containsKey(name) || !used.contains(name)) {
        // an initializer only the dropped part of the graph reads (a classifier after the cut)
        continue;
      }
      if (t.type().isFloating() && t.numel() > 1 && (roles.containsKey(name) || bufferNames.contains(name))) {
        ParamRole role = bufferNames.contains(name) ? null : roles.get(name);
        Var v = e.declareImported(name, role, t.cast(dev.fastj.onnx.graph.DataType.FLOAT));
        declared.put(name, v);
        rename.put(name, v.name());
      } else {
        String c = e.builder().constant(t);
        e.recordConstant(c, t);
        rename.put(name, c);
      }
    }
    for (Node n : needed) {
      for (Attribute a : n.attributes().values()) {
        checkArgument(a.type() != Attribute.Type.GRAPH && a.type() != Attribute.Type.GRAPHS,
            "%s: node %s uses a subgraph (%s); fastj imports graphs without control flow", file.getFileName(),
            n.describe(), n.opType());
      }
      copy(n, rename, file);
    }
    List<Var> result = new ArrayList<>();
    for (String o : wanted) {
      String mapped = rename.get(o);
      checkArgument(mapped != null, "%s has no value named %s; graph outputs are %s", file.getFileName(), o,
          g.outputNames());
      result.add(new Var(mapped, e.shapeOf(mapped)));
    }
    return result;
  }

  private void copy(Node n, Map<String, String> rename, Path file) {
    List<String> in = new ArrayList<>();
    for (String i : n.inputs()) {
      String r = rename.get(i);
      checkArgument(r != null, "%s: node %s reads %s, which no earlier node, input or initializer gives",
          file.getFileName(), n.describe(), i);
      in.add(r);
    }
    Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
    List<String> originalOutputs = new ArrayList<>(n.outputs());
    boolean bn = n.opType().equals("BatchNormalization") && n.domain().isEmpty();
    boolean maxPool = n.opType().equals("MaxPool") && n.domain().isEmpty() && originalOutputs.size() == 1;
    if (maxPool && e.training()) {
      // the arg-max Indices output lets the backward scatter the gradient without a second MaxPool
      originalOutputs.add("");
    }
    float momentum = bn ? n.attrFloat("momentum", 0.9f) : 0f;
    if (bn) {
      // the graph's mode decides BatchNorm's: batch statistics only while training
      attrs.put("training_mode", Attribute.of("training_mode", e.training() ? 1L : 0L));
      if (e.training()) {
        while (originalOutputs.size() < 3) {
          originalOutputs.add("");
        }
        // momentum 0: the outputs are the batch mean and biased variance, fed to the update below;
        // each node reads its own zeros, which ONNX Runtime may overwrite in place
        attrs.put("momentum", Attribute.of("momentum", 0f));
        Var zero = e.constant(new float[] {0f});
        for (int k = 3; k <= 4; k++) {
          in.set(k, e.op("Mul", new Var(in.get(k), e.shapeOf(in.get(k))), zero).name());
        }
      } else {
        originalOutputs = originalOutputs.subList(0, 1);
      }
    }
    List<String> outs = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (int k = 0; k < originalOutputs.size(); k++) {
      String o = originalOutputs.get(k);
      if (o.isEmpty() && !((bn || maxPool) && k > 0)) {
        outs.add("");
        continue;
      }
      String base = e.prefixed(o.isEmpty() ? n.opType() + "_out" + k : o);
      String name = e.unused(base);
      int j = 1;
      while (taken.contains(name)) {
        name = e.unused(base + "_" + j++);
      }
      taken.add(name);
      outs.add(name);
      if (!o.isEmpty()) {
        rename.put(o, name);
      }
    }
    String nodeName = e.builder().fresh(e.prefixed(n.name().isEmpty() ? n.opType() : n.name()));
    Node copied = new Node(nodeName, n.opType(), n.domain(), in, outs, attrs);
    e.builder().addNode(copied);
    e.inferLenient(copied);
    if (bn && e.training()) {
      updateRunningStats(n, in, outs, rename, momentum);
    }
  }

  /** ONNX's {@code running * momentum + stat * (1 - momentum)}, the variance unbiased for PyTorch's files. */
  private void updateRunningStats(Node n, List<String> in, List<String> outs, Map<String, String> rename,
      float momentum) {
    Var keep = e.constant(new float[] {momentum});
    Var take = e.constant(new float[] {1 - momentum});
    Var x = new Var(in.get(0), e.shapeOf(in.get(0)));
    Var mean = new Var(rename.get(n.inputs().get(3)), e.shapeOf(rename.get(n.inputs().get(3))));
    Var var = new Var(rename.get(n.inputs().get(4)), e.shapeOf(rename.get(n.inputs().get(4))));
    Var batchVar = new Var(outs.get(2), null);
    if (unbiasedVariance) {
      Var m = e.op("Div", e.op("Cast", List.of(e.op("Size", x)), Map.of("to", 1L)),
          e.op("Cast", List.of(e.op("Size", mean)), Map.of("to", 1L)));
      batchVar = e.op("Mul", batchVar, e.op("Div", m, e.op("Sub", m, e.constant(new float[] {1f}))));
    }
    e.updateBuffer(mean, e.op("Add", e.op("Mul", mean, keep), e.op("Mul", new Var(outs.get(1), null), take)));
    e.updateBuffer(var, e.op("Add", e.op("Mul", var, keep), e.op("Mul", batchVar, take)));
  }

  /**
   * The nodes the wanted values depend on, in graph order: a body cut before its pooling keeps no
   * node of the classifier, so the classifier's weights do not become parameters that get no
   * gradient.
   */
  private static List<Node> neededNodes(Graph g, String[] wanted) {
    Map<String, Node> producers = g.producers();
    Set<Node> keep = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(wanted));
    while (!todo.isEmpty()) {
      Node n = producers.get(todo.pop());
      if (n != null && keep.add(n)) {
        n.inputs().forEach(todo::push);
      }
    }
    return g.nodes().stream().filter(keep::contains).toList();
  }

  /** Parameter roles of the float initializers, from their first use. */
  private static Map<String, ParamRole> guessRoles(Graph g) {
    Map<String, ParamRole> roles = new LinkedHashMap<>();
    Set<String> inits = g.initializers().keySet();
    for (Node n : g.nodes()) {
      for (int i = 0; i < n.inputs().size(); i++) {
        String v = n.input(i);
        if (!inits.contains(v) || roles.containsKey(v)) {
          continue;
        }
        ParamRole role = switch (n.opType()) {
          case "Conv", "ConvTranspose", "Gemm" -> i == 1 ? ParamRole.WEIGHT : i == 2 ? ParamRole.BIAS : null;
          case "MatMul" -> ParamRole.WEIGHT;
          case "BatchNormalization" -> i == 1 ? ParamRole.NORM_WEIGHT : i == 2 ? ParamRole.NORM_BIAS : null;
          case "LayerNormalization" -> i == 1 ? ParamRole.NORM_WEIGHT : i == 2 ? ParamRole.NORM_BIAS : null;
          case "Gather" -> i == 0 ? ParamRole.EMBEDDING : null;
          default -> g.initializers().get(v).rank() >= 2 ? ParamRole.WEIGHT : ParamRole.BIAS;
        };
        if (role != null) {
          roles.put(v, role);
        }
      }
    }
    return roles;
  }

  /** BatchNormalization's running mean and variance: state, not trained. */
  private static Set<String> bufferNames(Graph g) {
    Set<String> out = new HashSet<>();
    for (Node n : g.nodes()) {
      if (n.opType().equals("BatchNormalization")) {
        out.add(n.input(3));
        out.add(n.input(4));
      }
    }
    out.retainAll(g.initializers().keySet());
    return out;
  }
}
