package dev.fastj.data;

import java.util.List;

/**
 * A transform applied to one item (all its blocks' values together) before collation: fastai's
 * {@code ItemTransform} such as {@code Resize}. It sees the whole sample (inputs then targets) so
 * that a crop moves an image, its mask and its points alike; it dispatches on the value types it
 * knows and passes the others through. Implementations are immutable and thread-safe: loaders
 * call them from several threads, with randomness only from {@link TransformContext#random()}.
 */
public interface ItemTransform {

  /** Returns the transformed sample (a new list; the values of the input are not changed). */
  List<Object> apply(List<Object> sample, TransformContext ctx);

  /** Position among item transforms, lower first (fastai's {@code order}; Resize is 1). */
  default int order() {
    return 0;
  }

  /** fastai's name and settings, for summaries. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
