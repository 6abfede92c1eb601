package dev.fastj.onnx.compile;

import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.ShapeInference;
import java.util.Arrays;
import java.util.Set;

/**
 * The shape checks that catch a wrong layer size while the graph is emitted rather than when
 * ONNX Runtime runs it: numpy broadcasting of element-wise operators, and the inner dimension of
 * MatMul and Gemm. Only static dimensions are compared; a symbolic or unknown one always passes.
 */
final class StaticShapeCheck {

  private static final Set<String> BROADCASTING = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Where", "Max", "Min",
      "Sum", "Mean", "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "And", "Or", "Xor", "PRelu");

  private StaticShapeCheck() {}

  /** What is wrong with {@code node}'s input shapes, or null when nothing known is wrong. */
  static String problem(Node node, ShapeInference shapes) {
    if (!node.domain().isEmpty()) {
      return null;
    }
    if (BROADCASTING.contains(node.opType())) {
      return broadcast(node, shapes);
    }
    if (node.opType().equals("MatMul")) {
      long[] a = shapes.shape(node.input(0));
      long[] b = shapes.shape(node.input(1));
      if (a == null || b == null || a.length == 0 || b.length == 0) {
        return null;
      }
      long k1 = a[a.length - 1];
      long k2 = b.length == 1 ? b[0] : b[b.length - 2];
      return mismatch(k1, k2) ? "MatMul needs the last dimension of the first input (" + k1
          + ") to equal the rows of the second (" + k2 + ")" : null;
    }
    if (node.opType().equals("Gemm")) {
      long[] a = shapes.shape(node.input(0));
      long[] b = shapes.shape(node.input(1));
      if (a == null || b == null || a.length != 2 || b.length != 2) {
        return null;
      }
      long k1 = node.attrLong("transA", 0) != 0 ? a[0] : a[1];
      long k2 = node.attrLong("transB", 0) != 0 ? b[1] : b[0];
      return mismatch(k1, k2) ? "Gemm's inner dimensions differ: " + k1 + " and " + k2 : null;
    }
    return null;
  }

  private static String broadcast(Node node, ShapeInference shapes) {
    long[] acc = null;
    for (String in : node.inputs()) {
      if (in.isEmpty()) {
        continue;
      }
      long[] s = shapes.shape(in);
      if (s == null) {
        return null;
      }
      if (acc == null) {
        acc = s.clone();
        continue;
      }
      int r = Math.max(acc.length, s.length);
      long[] out = new long[r];
      for (int i = 0; i < r; i++) {
        int ia = i - (r - acc.length);
        int ib = i - (r - s.length);
        long x = ia >= 0 ? acc[ia] : 1;
        long y = ib >= 0 ? s[ib] : 1;
        if (mismatch(x, y) && x != 1 && y != 1) {
          return "cannot broadcast " + Arrays.toString(acc) + " with " + Arrays.toString(s);
        }
        out[i] = x == 1 ? y : (y == 1 || y < 0 ? x : y);
      }
      acc = out;
    }
    return null;
  }

  private static boolean mismatch(long a, long b) {
    return a >= 0 && b >= 0 && a != b;
  }
}
