package dev.fastj.onnx.graph;

import java.util.Arrays;

/**
 * A small int64 vector (or scalar) whose elements are each a known number, a named symbolic
 * size (the batch), or unknown: what {@code Shape(x)} of a partly symbolic x and the arithmetic
 * exporters do on it hold. Lets Reshape, Expand and ConstantOfShape keep the batch dimension's
 * name when their shape input is computed from it.
 *
 * @param known whether each element's number is known
 * @param v the numbers (meaningful where known)
 * @param sym the symbolic name of each unknown element, or null
 * @param scalar true for a rank-0 value
 */
record SymVec(boolean[] known, long[] v, String[] sym, boolean scalar) {

  static SymVec of(Tensor t) {
    long[] v = t.toLongs();
    boolean[] k = new boolean[v.length];
    Arrays.fill(k, true);
    return new SymVec(k, v, new String[v.length], t.rank() == 0);
  }

  int size() {
    return v.length;
  }

  boolean allKnown() {
    for (boolean b : known) {
      if (!b) {
        return false;
      }
    }
    return true;
  }

  Tensor toTensor() {
    return scalar ? Tensor.scalar(DataType.INT64, v[0]) : Tensor.ofLongs(v.clone(), v.length);
  }

  /** Elements {@code idx} (negative counting from the end), as a scalar when {@code asScalar}. */
  SymVec pick(long[] idx, boolean asScalar) {
    boolean[] k = new boolean[idx.length];
    long[] nv = new long[idx.length];
    String[] ns = new String[idx.length];
    for (int i = 0; i < idx.length; i++) {
      int j = (int) (idx[i] < 0 ? idx[i] + v.length : idx[i]);
      k[i] = known[j];
      nv[i] = v[j];
      ns[i] = sym[j];
    }
    return new SymVec(k, nv, ns, asScalar);
  }

  static SymVec concat(SymVec[] parts) {
    int n = 0;
    for (SymVec p : parts) {
      n += p.size();
    }
    boolean[] k = new boolean[n];
    long[] nv = new long[n];
    String[] ns = new String[n];
    int i = 0;
    for (SymVec p : parts) {
      for (int j = 0; j < p.size(); j++, i++) {
        k[i] = p.known[j];
        nv[i] = p.v[j];
        ns[i] = p.sym[j];
      }
    }
    return new SymVec(k, nv, ns, false);
  }

  SymVec withScalar(boolean s) {
    return new SymVec(known, v, sym, s);
  }
}
