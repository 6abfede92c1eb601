package dev.fastj.onnx.graph;

import java.util.Arrays;

/**
 * A typed value of a graph (graph input, output or annotated intermediate): its name, element
 * type and shape. In {@code dims}, -1 marks a symbolic dimension whose name is in
 * {@code dimNames} at the same index (the batch, usually "N"); a null {@code dims} means the
 * rank is unknown.
 */
public record ValueInfo(String name, DataType type, long[] dims, String[] dimNames) {

  public ValueInfo {
    if (dims != null) {
      dims = dims.clone();
      if (dimNames == null) {
        dimNames = new String[dims.length];
        for (int i = 0; i < dims.length; i++) {
          dimNames[i] = dims[i] < 0 ? (i == 0 ? "N" : "d" + i) : null;
        }
      } else {
        dimNames = dimNames.clone();
      }
    }
  }

  /** A value whose dims are given with -1 for the symbolic batch. */
  public static ValueInfo of(String name, DataType type, long... dims) {
    return new ValueInfo(name, type, dims, null);
  }

  public ValueInfo withName(String newName) {
    return new ValueInfo(newName, type, dims, dimNames);
  }

  @Override
  public String toString() {
    return name + ":" + type + (dims == null ? "[?]" : Arrays.toString(dims));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValueInfo v && v.name.equals(name) && v.type == type && Arrays.equals(v.dims, dims);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(dims);
  }
}
