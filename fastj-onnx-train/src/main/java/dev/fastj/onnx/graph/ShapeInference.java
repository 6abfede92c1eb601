package dev.fastj.onnx.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Static type and shape inference over a {@link Graph}, operator by operator with the
 * {@link ShapeRules} registry. Graph inputs, initializers and type annotations are known at
 * the start; each node's outputs are inferred in order. An operator without a rule, or a rule
 * that cannot tell, gives outputs of unknown type and shape: inference never fails, it only
 * knows less.
 *
 * <p>Besides shapes, it tracks constant values: initializers, Constant nodes, and small int64
 * computations on them (Shape of a statically shaped value, Concat, Gather, Unsqueeze...,
 * see {@link ConstantFolding}), because PyTorch exports compute reshape targets that way.
 *
 * <pre>{@code
 * Map<String, ValueInfo> shapes = ShapeInference.infer(graph, ShapeRules.defaults());
 * }</pre>
 *
 * <p>It can also run incrementally ({@link #declare}, {@link #infer(Node)}), which the
 * autodiff uses to know the shapes of the backward values it emits.
 */
public final class ShapeInference implements ShapeRule.ShapeContext {

  private final ShapeRules rules;
  private final Map<String, ValueInfo> infos = new LinkedHashMap<>();
  private final Map<String, Tensor> constants = new LinkedHashMap<>();
  private final Map<String, SymVec> symbolic = new LinkedHashMap<>();

  /** An empty inference state using {@code rules}. */
  public ShapeInference(ShapeRules rules) {
    this.rules = rules;
  }

  /**
   * Infers every value of {@code g}: inputs, initializers, annotated values and node outputs,
   * by name, in graph order. Values whose shape cannot be told have null dims (and a null type
   * when that is unknown too).
   */
  public static Map<String, ValueInfo> infer(Graph g, ShapeRules rules) {
    ShapeInference si = new ShapeInference(rules);
    si.declareGraph(g);
    return si.values();
  }

  /** Declares the inputs, initializers and annotations of {@code g}, then infers its nodes. */
  public void declareGraph(Graph g) {
    for (ValueInfo v : g.inputs()) {
      declare(v);
    }
    g.initializers().forEach(this::declareConstant);
    for (ValueInfo v : g.valueInfo()) {
      if (!infos.containsKey(v.name())) {
        declare(v);
      }
    }
    for (Node n : g.nodes()) {
      infer(n);
    }
  }

  /** Records what is known of a value (a graph input, say). */
  public void declare(ValueInfo v) {
    infos.put(v.name(), v);
  }

  /** Records a constant value (an initializer) and its type and shape. */
  public void declareConstant(String name, Tensor t) {
    constants.put(name, t);
    infos.put(name, ValueInfo.of(name, t.type(), t.dims()));
  }

  /** Forgets that {@code name} is a constant (an initializer that is being trained). */
  public void forgetConstant(String name) {
    constants.remove(name);
  }

  /**
   * Infers the outputs of {@code n} from what is known of its inputs, and records them. Never
   * throws: an unknown operator, or a rule that fails on unexpected input, gives unknown outputs.
   */
  public void infer(Node n) {
    List<ValueInfo> out = null;
    ShapeRule rule = n.domain().isEmpty() || n.domain().equals("ai.onnx") ? rules.get(n.opType()) : null;
    if (rule != null) {
      try {
        out = rule.infer(n, this);
      } catch (RuntimeException e) {
        // a rule meeting a malformed or unusual node only means the shape stays unknown
        out = null;
      }
    }
    for (int i = 0; i < n.outputs().size(); i++) {
      String o = n.outputs().get(i);
      if (o.isEmpty()) {
        continue;
      }
      ValueInfo v = out != null && i < out.size() && out.get(i) != null ? out.get(i).withName(o) : null;
      ValueInfo annotated = infos.get(o);
      if (v == null || (v.dims() == null && annotated != null && annotated.dims() != null)) {
        v = annotated != null ? annotated : new ValueInfo(o, v == null ? null : v.type(), null, null);
      }
      infos.put(o, v);
    }
    try {
      ConstantFolding.fold(n, this, constants, symbolic);
    } catch (RuntimeException e) {
      // folding is an optimisation of what is known; an odd node simply is not folded
    }
  }

  /** Everything known so far, by value name (unmodifiable view). */
  public Map<String, ValueInfo> values() {
    return Collections.unmodifiableMap(infos);
  }

  /** What is known of {@code value}, or null when nothing is. */
  public ValueInfo info(String value) {
    return infos.get(value);
  }

  @Override
  public long[] shape(String value) {
    ValueInfo v = infos.get(value);
    return v == null || v.dims() == null ? null : v.dims().clone();
  }

  @Override
  public DataType type(String value) {
    ValueInfo v = infos.get(value);
    return v == null ? null : v.type();
  }

  @Override
  public Tensor constantValue(String value) {
    return constants.get(value);
  }

  /** The partly symbolic value of a small int64 vector (a shape computed from Shape), or null. */
  SymVec symVec(String value) {
    return symbolic.get(value);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The names {@link ValueInfo} makes up for unnamed symbolic dims ("d1" at index 1, ...) are
   * left out: two unrelated unknown dims would otherwise look the same size.
   */
  @Override
  public String[] dimNames(String value) {
    ValueInfo v = infos.get(value);
    if (v == null || v.dims() == null) {
      return null;
    }
    String[] names = v.dimNames().clone();
    for (int i = 0; i < names.length; i++) {
      if (("d" + i).equals(names[i])) {
        names[i] = null;
      }
    }
    return names;
  }
}
