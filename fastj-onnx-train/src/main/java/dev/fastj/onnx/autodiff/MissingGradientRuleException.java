package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.Node;

/**
 * Thrown by {@link Autodiff} when a node on the path from a trained value to the loss has an
 * operator without a {@link GradientRule}. The message names the operator and the node and
 * says how to add a rule.
 */
public final class MissingGradientRuleException extends UnsupportedOperationException {

  private static final long serialVersionUID = 1L;

  private final String opType;
  private final String nodeName;

  MissingGradientRuleException(Node node) {
    super("no gradient rule for operator " + (node.domain().isEmpty() ? "" : node.domain() + ".")
        + node.opType() + " at node '" + node.name() + "' (" + node.describe()
        + "); register one with GradientRules.register(\"" + node.opType()
        + "\", rule), or freeze the values that lead to it");
    this.opType = node.opType();
    this.nodeName = node.name();
  }

  /** The operator type that has no rule. */
  public String opType() {
    return opType;
  }

  /** The name of the node where it was met. */
  public String nodeName() {
    return nodeName;
  }
}
