package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.ShapeInference;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One run of {@link Autodiff#backward}: the state of the walk and each node's {@link GradContext}. */
final class BackwardPass {

  private final GraphBuilder b;
  private final GradientRules rules;
  private final Autodiff.Options options;
  private final ShapeInference si;
  private int inferredNodes;
  /** Values that depend on a wrt value through floating values: their constant value is not fixed. */
  private final Set<String> dependent = new HashSet<>();
  private final Map<String, GradSum> contributions = new HashMap<>();

  BackwardPass(GraphBuilder b, GradientRules rules, ShapeRules shapes, Autodiff.Options options) {
    this.b = b;
    this.rules = rules;
    this.options = options;
    this.si = new ShapeInference(shapes);
  }

  Autodiff.Result run(String loss, Collection<String> wrtValues) {
    Graph g = b.build();
    si.declareGraph(g);
    inferredNodes = g.nodes().size();
    Map<String, Node> producers = g.producers();
    Set<String> known = new HashSet<>(g.inputNames());
    known.addAll(g.initializers().keySet());
    known.addAll(producers.keySet());
    if (!known.contains(loss)) {
      throw new IllegalArgumentException("loss value '" + loss + "' is not in graph " + g.name()
          + "; pass the name of the value the forward graph computes its loss into");
    }
    List<String> wrt = new ArrayList<>(new LinkedHashSet<>(wrtValues));
    for (String w : wrt) {
      if (!known.contains(w)) {
        throw new IllegalArgumentException("value '" + w + "' to differentiate with respect to is not in graph "
            + g.name() + "; pass graph inputs, initializers or node outputs");
      }
      // a trained initializer is not a constant, whatever its starting value
      si.forgetConstant(w);
    }

    dependent.addAll(wrt);
    for (Node n : g.nodes()) {
      if (n.inputs().stream().anyMatch(dependent::contains)) {
        for (String o : n.outputs()) {
          if (!o.isEmpty() && differentiable(o)) {
            dependent.add(o);
          }
        }
      }
    }
    Set<String> needed = new HashSet<>();
    needed.add(loss);
    List<Node> nodes = g.nodes();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node n = nodes.get(i);
      if (n.outputs().stream().anyMatch(needed::contains)) {
        needed.addAll(n.inputs());
      }
    }

    if (dependent.contains(loss)) {
      contributions.computeIfAbsent(loss, k -> new GradSum()).add(seed(loss));
      for (int i = nodes.size() - 1; i >= 0; i--) {
        Node n = nodes.get(i);
        boolean onPath = n.outputs().stream().anyMatch(o -> dependent.contains(o) && needed.contains(o))
            && n.inputs().stream().anyMatch(dependent::contains);
        if (onPath) {
          visit(n);
        }
      }
    }

    Map<String, String> grads = new LinkedHashMap<>();
    Set<String> unreached = new LinkedHashSet<>();
    for (String w : wrt) {
      String gw = total(w);
      if (gw == null) {
        unreached.add(w);
        if (options.zerosForUnreached()) {
          gw = RuleSupport.zerosLike(new NodeContext(null, new String[0]), w);
        }
      }
      if (gw != null) {
        grads.put(w, gw);
      }
    }
    return new Autodiff.Result(grads, unreached);
  }

  private boolean differentiable(String value) {
    DataType t = si.type(value);
    return t == null || t.isFloating();
  }

  private String seed(String loss) {
    if (options.seed() != null) {
      return options.seed();
    }
    DataType t = typeOf(loss);
    long[] s = shapeOf(loss);
    if (s != null && s.length == 0) {
      return b.constant(Tensor.scalar(t, 1));
    }
    return b.op("ConstantOfShape", List.of(RuleSupport.shapeOf(new NodeContext(null, new String[0]), loss)),
        Map.of("value", Tensor.full(t, 1, 1)));
  }

  /** The summed gradient of {@code value}, emitting the sum on first use, or null when none. */
  private String total(String value) {
    GradSum c = contributions.get(value);
    if (c == null || c.isEmpty()) {
      return null;
    }
    return c.total(b, fuse(value));
  }

  /** Whether the products {@code value} receives are fused: its static size reaches the threshold. */
  private boolean fuse(String value) {
    long from = options.fuseProductsFrom();
    if (from == Long.MAX_VALUE) {
      return false;
    }
    long[] s = shapeOf(value);
    return from == 0 || (RuleSupport.isStatic(s) && Tensor.numel(s) >= from);
  }

  private void visit(Node n) {
    String[] gradOut = new String[n.outputs().size()];
    boolean any = false;
    for (int i = 0; i < gradOut.length; i++) {
      String o = n.output(i);
      gradOut[i] = o.isEmpty() ? null : total(o);
      any |= gradOut[i] != null;
    }
    if (!any) {
      return;
    }
    GradientRule rule = n.domain().isEmpty() || n.domain().equals("ai.onnx") ? rules.get(n.opType()) : null;
    if (rule == null) {
      rule = rules.get(n.domain().isEmpty() ? n.opType() : n.domain() + "." + n.opType());
    }
    if (rule == null) {
      throw new MissingGradientRuleException(n);
    }
    NodeContext ctx = new NodeContext(n, gradOut);
    try {
      rule.backward(n, ctx);
    } catch (MissingGradientRuleException | GradientShapeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException("gradient rule for " + n.opType() + " failed at node '" + n.name() + "' ("
          + n.describe() + "): " + e.getMessage(), e);
    }
    for (Map.Entry<Integer, String> e : ctx.given.entrySet()) {
      check(n, e.getKey(), e.getValue());
      contributions.computeIfAbsent(n.input(e.getKey()), k -> new GradSum()).add(e.getValue());
    }
    for (Map.Entry<Integer, List<GradSum.Product>> e : ctx.products.entrySet()) {
      GradSum sum = contributions.computeIfAbsent(n.input(e.getKey()), k -> new GradSum());
      e.getValue().forEach(sum::add);
    }
  }

  private void check(Node n, int i, String grad) {
    long[] gs = shapeOf(grad);
    long[] xs = shapeOf(n.input(i));
    if (gs == null || xs == null) {
      return;
    }
    boolean bad = gs.length != xs.length;
    for (int k = 0; !bad && k < gs.length; k++) {
      bad = gs[k] >= 0 && xs[k] >= 0 && gs[k] != xs[k];
    }
    if (bad) {
      throw new GradientShapeException("gradient rule for " + n.opType() + " gave input " + i + " ('"
          + n.input(i) + "') of node '" + n.name() + "' a gradient of shape " + Arrays.toString(gs)
          + " but the input has shape " + Arrays.toString(xs)
          + "; the rule must undo broadcasting (GradContext.sumToShape)");
    }
  }

  /** Brings shape inference up to date with nodes and constants the rules have emitted. */
  private void catchUp(String value) {
    while (inferredNodes < b.nodeCount()) {
      Node n = b.node(inferredNodes++);
      for (String in : n.inputs()) {
        declareIfConstant(in);
      }
      si.infer(n);
    }
    declareIfConstant(value);
  }

  /** Rules add constants with the builder: make them known before their first use. */
  private void declareIfConstant(String value) {
    if (!value.isEmpty() && si.info(value) == null) {
      Tensor t = b.initializers().get(value);
      if (t != null) {
        si.declareConstant(value, t);
      }
    }
  }

  long[] shapeOf(String value) {
    catchUp(value);
    return si.shape(value);
  }

  String[] dimNamesOf(String value) {
    catchUp(value);
    return si.dimNames(value);
  }

  DataType typeOf(String value) {
    catchUp(value);
    DataType t = si.type(value);
    return t == null ? DataType.FLOAT : t;
  }

  Tensor constantOf(String value) {
    if (dependent.contains(value)) {
      return null;
    }
    catchUp(value);
    return si.constantValue(value);
  }

  /** The {@link GradContext} of one node; with a null node, only the value queries work. */
  final class NodeContext implements GradContext {
    private final Node node;
    private final String[] gradOut;
    final Map<Integer, String> given = new LinkedHashMap<>();
    final Map<Integer, List<GradSum.Product>> products = new LinkedHashMap<>();

    NodeContext(Node node, String[] gradOut) {
      this.node = node;
      this.gradOut = gradOut;
    }

    @Override
    public GraphBuilder builder() {
      return b;
    }

    @Override
    public String gradOutput(int i) {
      return i < gradOut.length ? gradOut[i] : null;
    }

    @Override
    public boolean needsGrad(int i) {
      return node != null && node.hasInput(i) && dependent.contains(node.input(i)) && differentiable(node.input(i));
    }

    @Override
    public void addGradInput(int i, String grad) {
      if (!needsGrad(i) || grad == null) {
        return;
      }
      // one input may appear twice in a node (x * x): each use is a separate contribution
      given.merge(i, grad, (a, c) -> b.add(a, c));
    }

    @Override
    public void addGradProduct(int i, String a, String g) {
      if (!needsGrad(i)) {
        return;
      }
      long[] as = shape(a);
      long[] gs = shape(g);
      if (as == null || gs == null) {
        // without ranks the operands cannot be checked for a Concat: emit the product alone
        GradContext.super.addGradProduct(i, a, g);
        return;
      }
      if (as.length != 2 || gs.length != 2) {
        throw new IllegalArgumentException("gradient rule for " + node.opType() + " gave input " + i
            + " a product of operands of shapes " + Arrays.toString(as) + " and " + Arrays.toString(gs)
            + "; addGradProduct takes two matrices with the same rows");
      }
      products.computeIfAbsent(i, k -> new ArrayList<>()).add(new GradSum.Product(a, g));
    }

    @Override
    public long[] shape(String value) {
      return shapeOf(value);
    }

    @Override
    public DataType type(String value) {
      return typeOf(value);
    }

    @Override
    public Tensor constantValue(String value) {
      return constantOf(value);
    }

    @Override
    public String sumToShape(String grad, String resultValue, String target) {
      return SumToShape.emit(this, grad, resultValue, target);
    }

    @Override
    public String[] dimNames(String value) {
      return dimNamesOf(value);
    }

    ValueInfo info(String value) {
      catchUp(value);
      return si.info(value);
    }
  }
}
