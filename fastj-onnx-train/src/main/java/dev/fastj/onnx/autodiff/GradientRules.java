package dev.fastj.onnx.autodiff;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open registry of gradient rules by ONNX operator type. {@link #defaults()} holds the
 * built-in rules; {@link #register} adds or replaces one for a user's operator.
 */
public final class GradientRules {

  private final Map<String, GradientRule> rules;

  private GradientRules(Map<String, GradientRule> rules) {
    this.rules = rules;
  }

  /** An empty registry. */
  public static GradientRules empty() {
    return new GradientRules(new ConcurrentHashMap<>());
  }

  /** A registry holding every built-in rule. */
  public static GradientRules defaults() {
    GradientRules r = empty();
    BuiltinRules.registerAll(r);
    return r;
  }

  /** Registers {@code rule} for {@code opType}, replacing any earlier one; returns this. */
  public GradientRules register(String opType, GradientRule rule) {
    rules.put(opType, rule);
    return this;
  }

  /** The rule for {@code opType}, or null. */
  public GradientRule get(String opType) {
    return rules.get(opType);
  }

  /** Operator types with a rule, sorted. */
  public Set<String> opTypes() {
    return Collections.unmodifiableSet(new TreeSet<>(rules.keySet()));
  }
}
