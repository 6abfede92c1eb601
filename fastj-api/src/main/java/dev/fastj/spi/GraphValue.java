package dev.fastj.spi;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * A named value of an exported ONNX graph and its dims (-1 for the batch dimension), such as the
 * value where a vision learner's body ends ({@link TrainableModel#exportOnnxWithCuts}).
 *
 * @param name the value's name in the graph
 * @param shape its dims, batch first; null when the backend could not tell
 */
public record GraphValue(String name, long[] shape) {

  /** Checks the name and copies the shape. */
  public GraphValue {
    checkArgument(name != null && !name.isEmpty(), "a graph value needs a name, got %s", name);
    shape = shape == null ? null : shape.clone();
  }

  @Override
  public long[] shape() {
    return shape == null ? null : shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GraphValue g && g.name.equals(name) && Arrays.equals(g.shape, shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
