package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.Node;

/**
 * The backward of one ONNX operator: given the gradients that flow into a node's outputs, emits
 * the nodes that compute the gradients of its inputs. One rule per operator type, registered in
 * {@link GradientRules}; a new operator is one class and a registration, with a
 * finite-difference test.
 */
@FunctionalInterface
public interface GradientRule {

  /**
   * Emits the backward of {@code node} into {@code ctx.builder()}, reading output gradients with
   * {@link GradContext#gradOutput} and giving input gradients with {@link GradContext#addGradInput}
   * for the inputs where {@link GradContext#needsGrad} is true.
   */
  void backward(Node node, GradContext ctx);
}
