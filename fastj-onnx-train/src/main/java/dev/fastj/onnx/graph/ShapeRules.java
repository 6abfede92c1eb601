package dev.fastj.onnx.graph;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open registry of {@link ShapeRule}s by operator type; {@link #defaults()} holds the
 * built-in ones. Operators without a rule get unknown shapes.
 */
public final class ShapeRules {

  private final Map<String, ShapeRule> rules = new ConcurrentHashMap<>();

  private ShapeRules() {}

  /** An empty registry. */
  public static ShapeRules empty() {
    return new ShapeRules();
  }

  /** The built-in rules. */
  public static ShapeRules defaults() {
    ShapeRules r = new ShapeRules();
    BuiltinShapes.registerAll(r);
    return r;
  }

  /** Registers {@code rule} for {@code opType}; returns this. */
  public ShapeRules register(String opType, ShapeRule rule) {
    rules.put(opType, rule);
    return this;
  }

  public ShapeRule get(String opType) {
    return rules.get(opType);
  }
}
