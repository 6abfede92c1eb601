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
   * @param fuseProductsFrom when one value (a weight shared by several MatMuls: the steps of an
   *     unrolled LSTM, positions that reuse a matrix) of at least this many elements receives
   *     several gradient products {@code A_k^T B_k} contracted over rows, emit one product
   *     {@code Concat(A_k)^T Concat(B_k)} instead of one product each and a Sum (see {@link
   *     GradContext#addGradProduct}); {@link Long#MAX_VALUE} never fuses. The default is {@link
   *     #FUSE_PRODUCTS_FROM}.
   */
  public record Options(boolean zerosForUnreached, String seed, long fuseProductsFrom) {

    /**
     * The default {@link #fuseProductsFrom}: 2^17 elements (512 KiB of float32). Fusing costs a
     * copy of the products' operands and saves writing each product's result and reading it back
     * in the Sum, which pays once the results are large. Measured on an unrolled LSTM layer's
     * train step (seq_len 72, batch 64, 2 threads; docs/how-it-works.md), {@code weight_hh}
     * fused against not, the speed in CPU time per step: 0.87x to 0.99x at 2^16 elements
     * (hidden 128, two runs), 1.03x to 1.06x at 2^18 (hidden 256), 1.09x at 2^20 (hidden 512)
     * and 1.10x to 1.17x at 4608 x 1152 (hidden 1152, three runs); the threshold sits between
     * the first two.
     */
    public static final long FUSE_PRODUCTS_FROM = 1L << 17;

    /** No zeros for unreached values, a seed of ones, products fused from {@link #FUSE_PRODUCTS_FROM} elements. */
    public static Options defaults() {
      return new Options(false, null, FUSE_PRODUCTS_FROM);
    }

    /** A copy that does or does not give unreached values zero gradients. */
    public Options withZerosForUnreached(boolean zeros) {
      return new Options(zeros, seed, fuseProductsFrom);
    }

    /** A copy seeding d(loss) with the value {@code seedValue} (of the loss's shape). */
    public Options withSeed(String seedValue) {
      return new Options(zerosForUnreached, seedValue, fuseProductsFrom);
    }

    /**
     * A copy that fuses the gradient products a value receives into one from values of
     * {@code elements} elements ({@code 0}: always, {@link Long#MAX_VALUE}: never).
     */
    public Options withFuseProductsFrom(long elements) {
      if (elements < 0) {
        throw new IllegalArgumentException("fuseProductsFrom must be 0 or more elements, got " + elements);
      }
      return new Options(zerosForUnreached, seed, elements);
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
