package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.GraphBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gradient contributions one value has received, and their sum.
 *
 * <p>A contribution is either a value already emitted or a deferred product {@code A^T B}
 * contracted over the rows of two matrices (the weight side of MatMul and Gemm). Deferring lets
 * the sum treat the products together: a weight used by T MatMuls (an unrolled recurrence, a
 * tied embedding) gets {@code Concat(A_1..A_T)^T Concat(B_1..B_T)}, one well-shaped product over
 * all the rows, where it would get T thin products and a T-way Sum; the FLOPs are the same. Each
 * product has the value's shape, so their row operands agree in width whatever the row counts,
 * symbolic ones included, and the Concats are valid. A product nobody sums is never emitted.
 */
final class GradSum {

  /** {@code a^T b}, not yet emitted: {@code a} is [M, K] and {@code b} is [M, N], M possibly symbolic. */
  record Product(String a, String b) {}

  private final List<String> values = new ArrayList<>();
  private final List<Product> products = new ArrayList<>();
  private String total;

  void add(String value) {
    values.add(value);
    total = null;
  }

  void add(Product p) {
    products.add(p);
    total = null;
  }

  boolean isEmpty() {
    return values.isEmpty() && products.isEmpty();
  }

  /**
   * The sum, emitted on first use: the products fused into one Gemm when {@code fuse} (else one
   * Gemm each), then the values and the products' result added.
   */
  String total(GraphBuilder g, boolean fuse) {
    if (total != null) {
      return total;
    }
    List<String> terms = new ArrayList<>();
    if (fuse && products.size() > 1) {
      List<String> as = new ArrayList<>();
      List<String> bs = new ArrayList<>();
      for (Product p : products) {
        as.add(p.a());
        bs.add(p.b());
      }
      terms.add(gemmTa(g, concatRows(g, as), concatRows(g, bs)));
    } else {
      for (Product p : products) {
        terms.add(gemmTa(g, p.a(), p.b()));
      }
    }
    terms.addAll(values);
    total = terms.size() == 1 ? terms.get(0)
        : terms.size() == 2 ? g.add(terms.get(0), terms.get(1))
        : g.op("Sum", terms.toArray(new String[0]));
    // later contributions (none are expected once a value is summed) add to this total
    values.clear();
    products.clear();
    values.add(total);
    return total;
  }

  private static String concatRows(GraphBuilder g, List<String> parts) {
    return g.op("Concat", parts, Map.of("axis", 0L));
  }

  private static String gemmTa(GraphBuilder g, String a, String b) {
    return g.op("Gemm", List.of(a, b), Map.of("transA", 1L));
  }
}
