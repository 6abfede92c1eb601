package dev.fastj.data;

import java.util.List;

/**
 * A transform applied to a collated batch: fastai's batch transforms such as
 * {@code aug_transforms} and {@code Normalize}. It receives the batch's tensors (inputs then
 * targets) with how each one is spatially typed, and may change them in place or return new ones.
 * Implementations are immutable and thread-safe.
 */
public interface BatchTransform {

  /** Returns the transformed parts; {@code kinds.get(i)} says what {@code parts.get(i)} holds. */
  List<TensorData> apply(List<TensorData> parts, List<Block.Spatial> kinds, BatchContext ctx);

  /**
   * Undoes what can be undone for display (fastai's {@code decodes}: Normalize multiplies back).
   * The identity by default.
   */
  default List<TensorData> decode(List<TensorData> parts, List<Block.Spatial> kinds) {
    return parts;
  }

  /**
   * Fits the transform to a first training batch, collated but not yet transformed (for
   * statistics computed from the data); returns the transform to use. The identity by default.
   */
  default BatchTransform setup(List<TensorData> firstBatch, List<Block.Spatial> kinds) {
    return this;
  }

  /** Position among batch transforms, lower first (fastai: affine 30, lighting 40, Normalize 99). */
  default int order() {
    return 50;
  }

  /** fastai's name and settings, for summaries. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
