package dev.fastj.data;

import dev.fastj.nn.Loss;
import dev.fastj.spi.InputRecipe;
import java.util.Arrays;
import java.util.List;

/**
 * One kind of data in a {@link DataBlock}: fastai's {@code TransformBlock}. A block is its type
 * transform ({@link #encode}: what a getter returned, turned into an item value), the item and
 * batch transforms it brings, how its values collate into a batch tensor, and, for a target
 * block, its default loss and how predictions decode. Blocks are immutable; {@link #setup}
 * returns a block fitted to the training data (a category vocabulary, for example).
 *
 * <p>A new kind of data is one class implementing {@link #encode} and {@link #collate}:
 *
 * <pre>{@code
 * Block lengthBlock = new Block() {
 *   public Object encode(Object raw) { return new float[] {((String) raw).length()}; }
 *   public TensorData collate(List<Object> values) { return RegressionBlock.create().collate(values); }
 * };
 * }</pre>
 */
public interface Block {

  /** How geometric transforms (Resize, crops, affine augmentation) treat a block's values. */
  enum Spatial {
    /** Resampled bilinearly; lighting and Normalize apply (FLOAT32 [N, C, H, W]). */
    IMAGE,
    /** Resampled with nearest neighbour (INT64 [N, H, W]). */
    MASK,
    /** Coordinates moved by the same geometry (FLOAT32 [N, 2 * points], x then y, in -1..1). */
    POINTS,
    /** Untouched by geometry. */
    NONE
  }

  /**
   * The type transform: turns what the getter returned for one item into the value item
   * transforms and {@link #collate} work on (fastai's {@code type_tfms}).
   */
  Object encode(Object raw);

  /** Stacks the values of one batch into a tensor, batch dimension first. */
  TensorData collate(List<Object> values);

  /**
   * Fits the block to the data (fastai's {@code setup} of the type transforms): given the raw
   * getter outputs of the training and validation items, returns the block to use.
   */
  default Block setup(List<?> trainRaw, List<?> validRaw) {
    return this;
  }

  /** Item transforms this block always needs (fastai's {@code item_tfms} of the block). */
  default List<ItemTransform> itemTfms() {
    return List.of();
  }

  /** Batch transforms this block always needs (fastai's {@code batch_tfms} of the block). */
  default List<BatchTransform> batchTfms() {
    return List.of();
  }

  /** How geometric transforms treat this block's values; {@link Spatial#NONE} by default. */
  default Spatial spatial() {
    return Spatial.NONE;
  }

  /** The loss a learner uses when this block is the target (fastai's {@code loss_func} of the block). */
  default Loss loss() {
    throw new UnsupportedOperationException(describe() + " has no default loss; pass a loss to the learner");
  }

  /**
   * Number of model outputs this block needs as a target, given the shape of one collated value
   * (without the batch dimension). By default the number of elements of that shape.
   */
  default int outputCount(long[] itemShape) {
    return Math.toIntExact(TensorData.numel(itemShape));
  }

  /** Class names, sorted, for blocks with a vocabulary; empty otherwise. */
  default List<String> vocab() {
    return List.of();
  }

  /** Turns one row of activated model output into a label as users read it (fastai's {@code decodes}). */
  default String decode(float[] activatedRow) {
    return Arrays.toString(activatedRow);
  }

  /** A short text for one encoded value, used as a title by {@code showBatch} and by summaries. */
  default String show(Object encoded) {
    if (encoded instanceof float[] f) {
      return Arrays.toString(f);
    }
    return String.valueOf(encoded);
  }

  /**
   * How raw items become this block's model inputs in an export (see {@link InputRecipe}), for an
   * input block whose encoding a loaded model must repeat (a tabular block's procs); null, the
   * default, for blocks that need none.
   */
  default InputRecipe inputRecipe() {
    return null;
  }

  /**
   * fastai's {@code dl_type}: the loaders this block's data needs, or null, the default, for the
   * DataBlock's own item-by-item loaders. When several blocks name one, the last does (as in
   * fastai).
   */
  default DataLoadersFactory dlType() {
    return null;
  }

  /** fastai's name of the block, for summaries and errors. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
