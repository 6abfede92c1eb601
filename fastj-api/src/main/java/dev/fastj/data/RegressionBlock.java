package dev.fastj.data;

import dev.fastj.nn.Loss;
import dev.fastj.nn.MSELossFlat;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * One or more real numbers per item: fastai's {@code RegressionBlock}. A raw value is a number,
 * a numeric string, an array or a collection of numbers; values collate to FLOAT32 [N, k] and the
 * default loss is {@link MSELossFlat}.
 */
public final class RegressionBlock implements Block {

  private RegressionBlock() {}

  /** The block. */
  public static RegressionBlock create() {
    return new RegressionBlock();
  }

  @Override
  public Object encode(Object raw) {
    return toFloats(raw);
  }

  @Override
  public TensorData collate(List<Object> values) {
    int k = ((float[]) values.get(0)).length;
    float[] out = new float[values.size() * k];
    for (int i = 0; i < values.size(); i++) {
      float[] v = (float[]) values.get(i);
      if (v.length != k) {
        throw new IllegalArgumentException("row " + i + " of the batch has " + v.length + " values but row 0 has " + k
            + "; every item needs the same number of targets");
      }
      System.arraycopy(v, 0, out, i * k, k);
    }
    return TensorData.ofFloats(out, values.size(), k);
  }

  @Override
  public Loss loss() {
    return MSELossFlat.create();
  }

  @Override
  public String decode(float[] activatedRow) {
    return Arrays.toString(activatedRow);
  }

  /** Converts a number, numeric string, float/double/int array or collection of numbers to floats. */
  static float[] toFloats(Object raw) {
    if (raw instanceof float[] f) {
      return f.clone();
    }
    if (raw instanceof double[] d) {
      float[] out = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        out[i] = (float) d[i];
      }
      return out;
    }
    if (raw instanceof int[] a) {
      float[] out = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return out;
    }
    if (raw instanceof Number n) {
      return new float[] {n.floatValue()};
    }
    if (raw instanceof Collection<?> c) {
      float[] out = new float[c.size()];
      int i = 0;
      for (Object o : c) {
        out[i++] = toFloats(o)[0];
      }
      return out;
    }
    if (raw instanceof String s) {
      try {
        return new float[] {Float.parseFloat(s.strip())};
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' is not a number; regression targets must be numeric", e);
      }
    }
    throw new IllegalArgumentException("cannot read a number from " + (raw == null ? "null" : raw.getClass().getSimpleName()
        + " " + raw) + "; return a number, float[] or list of numbers from the getter");
  }
}
