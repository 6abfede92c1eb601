package dev.fastj.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One input of a model: its name in the compiled graphs, the shape of one item (without the
 * batch dimension) and its element type. Images are one FLOAT32 input; a tabular model takes
 * the categorical codes (INT64) and the continuous values (FLOAT32) as two.
 *
 * @param name the graph input's name ({@code input} for a single input); letters, digits, '_'
 * @param shape dims of one item, each positive
 * @param dtype element type
 */
public record InputSpec(String name, long[] shape, TensorData.DType dtype) {

  /** The name a single model input has. */
  public static final String DEFAULT_NAME = "input";

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Checks and copies the values. */
  public InputSpec {
    checkArgument(name != null && NAME.matcher(name).matches(),
        "input name must be letters, digits and '_' (not starting with a digit), got '%s'", name);
    checkArgument(shape != null && shape.length > 0, "input %s needs at least one dimension", name);
    for (long d : shape) {
      checkArgument(d > 0, "input %s has shape %s with a non-positive dimension", name, Arrays.toString(shape));
    }
    checkArgument(dtype != null, "input %s has no element type", name);
    shape = shape.clone();
  }

  /** The single FLOAT32 input named {@value #DEFAULT_NAME}, as images are. */
  public static InputSpec of(long... shape) {
    return new InputSpec(DEFAULT_NAME, shape, TensorData.DType.FLOAT32);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputSpec s && s.name.equals(name) && Arrays.equals(s.shape, shape) && s.dtype == dtype;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + dtype.hashCode();
  }

  /** {@code x_cat [7] INT64}. */
  @Override
  public String toString() {
    return name + " " + Arrays.toString(shape) + " " + dtype;
  }
}
