package dev.fastj.data;

import dev.fastj.nn.Loss;
import dev.fastj.spi.InputRecipe;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The training and validation loaders of a data set, with what a Learner needs to build a
 * model for them: the input shape, the number of outputs, the class names and a default loss.
 * Mirrors fastai's {@code DataLoaders}. Closing it stops its worker threads.
 */
public interface DataLoaders extends AutoCloseable {

  DataLoader train();

  DataLoader valid();

  /** A loader over new items with the validation transforms and no labels needed (fastai's test_dl). */
  DataLoader testDl(List<?> items);

  /** Shape of one input item, without the batch dimension (for images: channels, height, width). */
  long[] inputShape();

  /**
   * Every model input a batch carries, in the order of {@link Batch#inputs()}: name, shape of one
   * item and element type. By default the single FLOAT32 input of {@link #inputShape()}.
   */
  default List<InputSpec> inputSpecs() {
    return List.of(InputSpec.of(inputShape()));
  }

  /**
   * How raw items become model inputs, for an export to carry (see {@link InputRecipe}); null,
   * the default, when the loaders have no such recipe (image loaders describe their transforms
   * with {@code InferenceTransforms} instead).
   */
  default InputRecipe inputRecipe() {
    return null;
  }

  /** Number of model outputs the target block needs (classes, points * 2, mask codes...). */
  int outputCount();

  /** Class names of the target's category block, sorted; empty for regression. */
  List<String> vocab();

  /** The loss the target block asks for (cross-entropy for categories, BCE for multi-label...). */
  Loss defaultLoss();

  /**
   * Turns one row of activated model output (probabilities for classification) into a label
   * as users read it (a class name, a list of tags, coordinates).
   */
  String decodePrediction(float[] activatedRow);

  /**
   * Number of items left out so far because they could not be read (with
   * {@link DataLoaderOptions.OnBadItem#SKIP}, the default): each was logged once. Loaders that
   * never skip return 0.
   */
  default int skippedCount() {
    return 0;
  }

  /** Names of the items left out so far, as the warnings gave them; empty when none. */
  default Set<String> skippedItems() {
    return Set.of();
  }

  /** Draws {@code n} training items in a grid with their labels into a PNG file. */
  void showBatch(int n, Path png);

  @Override
  void close();
}
