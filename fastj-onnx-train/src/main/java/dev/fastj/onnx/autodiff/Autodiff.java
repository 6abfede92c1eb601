package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.ShapeRules;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode automatic differentiation over a graph being built: appends to the builder the
 * nodes that compute the gradient of a loss value with respect to chosen values (parameters
 * fed as graph inputs, trainable initializers, or any intermediate value).
 *
 * <pre>{@code
 * GraphBuilder b = ...;                       // the forward graph, ending in a loss value
 * Autodiff.Result r = Autodiff.backward(b, "loss", List.of("w", "b"),
 *     GradientRules.defaults(), ShapeRules.defaults());
 * String dw = r.gradient("w");                // a value of w's shape, in the same builder
 * }</pre>
 *
 * <p>How it works: d(loss) is seeded with ones of the loss's shape; nodes are visited in
 * reverse graph order, only those on a path from a {@code wrt} value to the loss; each node's
 * {@link GradientRule} (from {@link GradientRules}) emits the gradients of its inputs, and the
 * gradients a value receives from several uses are summed. Integer and bool values get no
 * gradient. Shapes come from {@link dev.fastj.onnx.graph.ShapeInference} run over the forward
 * graph and kept up to date on the backward nodes as they are emitted; a rule that gives an
 * input a gradient of a statically different shape is reported at once, naming the node.
 */
public final class Autodiff {

  private Autodiff() {}

  /**
   * Options of a backward pass.
   *
   * @param zerosForUnreached give a {@code wrt} value that no gradient reaches a zero gradient
   *     of its shape (otherwise it is left out of {@link Result#gradients()})
   * @param seed name of a value holding d(loss) (loss scaling, say), or null for ones of the
   *     loss's shape
   */
  public record Options(boolean zerosForUnreached, String seed) {

    /** No zeros for unreached values, a seed of ones. */
    public static Options defaults() {
      return new Options(false, null);
    }

    /** A copy that does or does not give unreached values zero gradients. */
    public Options withZerosForUnreached(boolean zeros) {
      return new Options(zeros, seed);
    }

    /** A copy seeding d(loss) with the value {@code seedValue} (of the loss's shape). */
    public Options withSeed(String seedValue) {
      return new Options(zerosForUnreached, seedValue);
    }
  }

  /**
   * What a backward pass produced.
   *
   * @param gradients for each {@code wrt} value that a gradient reaches (or every one, with
   *     {@link Options#zerosForUnreached}), the name of its gradient value, in {@code wrt} order
   * @param unreached the {@code wrt} values that no gradient reaches (the loss does not depend
   *     on them, or only through integer values)
   */
  public record Result(Map<String, String> gradients, Set<String> unreached) {

    public Result {
      gradients = Collections.unmodifiableMap(new LinkedHashMap<>(gradients));
      unreached = Set.copyOf(unreached);
    }

    /** The gradient value of {@code wrt}, or null when none reaches it (see {@link #unreached()}). */
    public String gradient(String wrt) {
      return gradients.get(wrt);
    }
  }

  /**
   * Appends to {@code b} the gradient of {@code loss} with respect to each of {@code wrt}, with
   * the default {@link Options}.
   *
   * @throws IllegalArgumentException when {@code loss} or a {@code wrt} value is not in the graph
   * @throws MissingGradientRuleException when a node on the path has no rule in {@code rules}
   */
  public static Result backward(GraphBuilder b, String loss, Collection<String> wrt, GradientRules rules,
      ShapeRules shapes) {
    return backward(b, loss, wrt, rules, shapes, Options.defaults());
  }

  /**
   * Appends to {@code b} the gradient of {@code loss} with respect to each of {@code wrt}.
   *
   * @throws IllegalArgumentException when {@code loss} or a {@code wrt} value is not in the graph
   * @throws MissingGradientRuleException when a node on the path has no rule in {@code rules}
   */
  public static Result backward(GraphBuilder b, String loss, Collection<String> wrt, GradientRules rules,
      ShapeRules shapes, Options options) {
    return new BackwardPass(b, rules, shapes, options).run(loss, wrt);
  }
}
