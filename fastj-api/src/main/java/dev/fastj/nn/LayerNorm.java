package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True)}: normalises over the last
 * {@code normalizedShape.length} dimensions, with {@code weight} (1, NORM_WEIGHT) and {@code bias}
 * (0, NORM_BIAS) of shape {@code normalizedShape}. Emits {@code LayerNormalization(x, weight, bias;
 * axis=-normalizedShape.length, epsilon)} with one output; without the affine parameters, the scale
 * and bias inputs are constants 1 and 0.
 *
 * @param normalizedShape the trailing dimensions normalised over
 * @param eps added to the variance for stability
 * @param elementwiseAffine whether weight and bias are learned
 */
public record LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public LayerNorm {
    checkArgument(normalizedShape.length > 0, "LayerNorm needs a normalized shape");
    for (long d : normalizedShape) {
      checkArgument(d > 0, "LayerNorm normalized shape %s has a non-positive dimension",
          Arrays.toString(normalizedShape));
    }
    checkArgument(eps > 0, "LayerNorm eps must be positive, got %s", eps);
    normalizedShape = normalizedShape.clone();
  }

  /** {@code nn.LayerNorm(normalizedShape)}. */
  public static LayerNorm of(long... normalizedShape) {
    return new LayerNorm(normalizedShape, 1e-5, true);
  }

  /** A copy of the normalised trailing dimensions. */
  @Override
  public long[] normalizedShape() {
    return normalizedShape.clone();
  }

  /** A copy with epsilon {@code e}. */
  public LayerNorm withEps(double e) {
    return new LayerNorm(normalizedShape, e, elementwiseAffine);
  }

  /** A copy with or without the learnable weight and bias. */
  public LayerNorm withElementwiseAffine(boolean affine) {
    return new LayerNorm(normalizedShape, eps, affine);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    int k = normalizedShape.length;
    if (x.shape() != null) {
      boolean ok = x.rank() > k;
      for (int i = 0; ok && i < k; i++) {
        long d = x.dim(x.rank() - k + i);
        ok = d < 0 || d == normalizedShape[i];
      }
      if (!ok) {
        throw new IllegalArgumentException(describe() + " expects an input ending in "
            + Arrays.toString(normalizedShape) + " but got shape " + Shapes.str(x.shape())
            + "; set normalizedShape to the input's last dimensions");
      }
    }
    Var weight;
    Var bias;
    if (elementwiseAffine) {
      weight = e.param("weight", normalizedShape.clone(), Init.ones(), ParamRole.NORM_WEIGHT);
      bias = e.param("bias", normalizedShape.clone(), Init.zeros(), ParamRole.NORM_BIAS);
    } else {
      int n = Math.toIntExact(Arrays.stream(normalizedShape).reduce(1, (a, b) -> a * b));
      float[] ones = new float[n];
      Arrays.fill(ones, 1f);
      weight = e.constant(ones, normalizedShape.clone());
      bias = e.constant(new float[n], normalizedShape.clone());
    }
    return e.op("LayerNormalization", List.of(x, weight, bias),
        Map.of("axis", (long) -k, "epsilon", (float) eps));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerNorm l && Arrays.equals(normalizedShape, l.normalizedShape) && eps == l.eps
        && elementwiseAffine == l.elementwiseAffine;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(normalizedShape) * 31 + Double.hashCode(eps) * 2 + (elementwiseAffine ? 1 : 0);
  }

  @Override
  public String toString() {
    return describe();
  }

  @Override
  public String describe() {
    return "LayerNorm(" + Arrays.toString(normalizedShape) + (eps != 1e-5 ? ", eps=" + eps : "")
        + (elementwiseAffine ? "" : ", elementwise_affine=False") + ")";
  }
}
