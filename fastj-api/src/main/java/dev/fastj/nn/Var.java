package dev.fastj.nn;

/**
 * A value in a graph under construction: the handle an {@link Emitter} hands out and takes
 * back. {@code name} is unique within the graph. {@code shape} is the statically known shape
 * where the emitter could infer it, with -1 for a symbolic dimension (the batch), or null when
 * unknown.
 */
public record Var(String name, long[] shape) {

  /** The rank when the shape is known, else -1. */
  public int rank() {
    return shape == null ? -1 : shape.length;
  }

  /** Static size of dimension {@code i} (-1 when symbolic). */
  public long dim(int i) {
    if (shape == null) {
      throw new IllegalStateException("shape of " + name + " is unknown");
    }
    return shape[i < 0 ? shape.length + i : i];
  }
}
