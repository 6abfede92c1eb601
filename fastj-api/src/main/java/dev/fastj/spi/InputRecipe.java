package dev.fastj.spi;

import dev.fastj.data.TensorData;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * How a model turns raw items (rows of a table, say) into its inputs, in a form an export can
 * carry: what fastai keeps in the {@code dls} of an exported Learner. Data loaders that have one
 * ({@link dev.fastj.data.DataLoaders#inputRecipe()}) write it into {@code learn.export}, as
 * string metadata, and {@code Learner.load} reads it back through the {@link Reader} of the same
 * {@link #kind()} found with {@link ServiceLoader}, so that the loaded Learner predicts on raw
 * items ({@code predictItem}, {@code testDl}) in a process without the training data.
 *
 * <p>A new kind is one implementation of each interface and a line in
 * {@code META-INF/services/dev.fastj.spi.InputRecipe$Reader}.
 */
public interface InputRecipe {

  /** The kind, such as {@code tabular}: letters, digits and '-'. */
  String kind();

  /** Everything needed to rebuild the recipe, as string key-value pairs (keys without spaces). */
  Map<String, String> toMetadata();

  /**
   * The model inputs (batch dimension first, in the model's input order) of {@code items}.
   *
   * @throws IllegalArgumentException when an item cannot be encoded; the message names it and
   *     says what to do
   */
  List<TensorData> encode(List<?> items);

  /**
   * True when the items are files ({@code Path}s) the recipe reads itself, such as a text model's
   * {@code .txt} files: {@code learn.predict(Path)} then encodes the file through the recipe.
   * The default, false, suits recipes of rows (a tabular model's).
   */
  default boolean acceptsFiles() {
    return false;
  }

  /** A name of item {@code item} for messages and listings ({@code row 3}). */
  default String describe(Object item) {
    String s = String.valueOf(item);
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /** Reads a recipe of one kind back from its metadata; registered as a service. */
  interface Reader {

    /** The kind of recipe it reads. */
    String kind();

    /** The recipe {@link InputRecipe#toMetadata()} described. */
    InputRecipe read(Map<String, String> metadata);
  }

  /**
   * The recipe of {@code kind} rebuilt from {@code metadata}, by the first {@link Reader} of that
   * kind on the class path.
   *
   * @throws IllegalStateException when no reader of that kind is on the class path; the message
   *     says which module to add
   */
  static InputRecipe read(String kind, Map<String, String> metadata) {
    for (Reader r : ServiceLoader.load(Reader.class)) {
      if (r.kind().equals(kind)) {
        return r.read(metadata);
      }
    }
    throw new IllegalStateException("this model's inputs are prepared by a '" + kind + "' recipe and no reader of "
        + "that kind is on the class path; add the module that made it (dev.fastj:fastj-" + kind + ")");
  }
}
