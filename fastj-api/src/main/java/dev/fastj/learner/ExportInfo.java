package dev.fastj.learner;

import dev.fastj.spi.InputRecipe;
import dev.fastj.vision.InferenceTransforms;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What an export ({@link Learner#export}) holds besides its graph, read from the file's metadata
 * without building a session: the kind of items the model predicts, its classes, and for a model
 * with an input recipe (a table's, a text's) the recipe with its columns, procs and targets. For a
 * program that must refuse a model before it loads one: a Spark driver, a server's configuration
 * check.
 *
 * <pre>{@code
 * ExportInfo info = ExportInfo.read(Path.of("titanic.fastj"));
 * info.inputKind();                                       // "tabular"
 * info.isClassifier();                                    // true: info.vocab() are its classes
 * TabularRecipe recipe = (TabularRecipe) info.inputRecipe();   // requiredColumns(), yNames()
 * }</pre>
 */
public final class ExportInfo {

  /** {@link #inputKind()} of a model that reads image files. */
  public static final String IMAGE = "image";
  /**
   * {@link #inputKind()} of a model whose data pipeline could not be described: it predicts
   * tensors prepared like its training data, not files ({@link #inputUnavailable()} says why).
   */
  public static final String TENSOR = "tensor";

  private final Path file;
  private final ExportFile.Info info;

  private ExportInfo(Path file, ExportFile.Info info) {
    this.file = file;
    this.info = info;
  }

  /**
   * Reads the metadata of the export at {@code exportFile} (the model itself is skipped, not
   * parsed).
   *
   * @throws IllegalArgumentException when there is no file there, or it is not a fastj export
   */
  public static ExportInfo read(Path exportFile) {
    return new ExportInfo(exportFile, ExportFile.read(exportFile, null));
  }

  /** The file it was read from. */
  public Path file() {
    return file;
  }

  /**
   * What the model predicts on: {@link #IMAGE} (image files or decoded images), the kind of its
   * input recipe ({@code tabular} rows, {@code text}), or {@link #TENSOR}.
   */
  public String inputKind() {
    String kind = info.input().get(ExportFile.INPUT_KIND);
    if (kind != null) {
      return kind;
    }
    return info.input().containsKey(ExportFile.INPUT_UNAVAILABLE) ? TENSOR : IMAGE;
  }

  /** Why the export cannot prepare inputs from files, for {@link #TENSOR} models; null otherwise. */
  public String inputUnavailable() {
    return info.input().get(ExportFile.INPUT_UNAVAILABLE);
  }

  /**
   * The recipe that turns raw items into the model's inputs (the one {@code Learner.load} would
   * use for {@code predictItem}), or null for an image or tensor model. Cheap: no session.
   *
   * @throws IllegalStateException when the recipe's module (fastj-tabular, fastj-text) is not on
   *     the class path; the message names it
   */
  public InputRecipe inputRecipe() {
    Map<String, String> md = info.recipeMetadata();
    return md == null ? null : InputRecipe.read(info.input().get(ExportFile.INPUT_KIND), md);
  }

  /**
   * How an image model reads a file (grey or RGB, the validation resize, the normalization), or
   * null when {@link #inputKind()} is not {@link #IMAGE}.
   */
  public InferenceTransforms imageTransforms() {
    return IMAGE.equals(inputKind()) ? InferenceTransforms.fromMetadata(info.input()) : null;
  }

  /** The class names, output index 0 first (fastai's {@code dls.vocab}); empty for a regression. */
  public List<String> vocab() {
    return info.vocab();
  }

  /** True when the model has class names: its outputs are probabilities of {@link #vocab()}. */
  public boolean isClassifier() {
    return !info.vocab().isEmpty();
  }

  /** How many values the model outputs per item (classes, or targets of a regression). */
  public int outputCount() {
    return info.outputCount();
  }

  /** The shape of one input item, without the batch dimension. */
  public long[] inputShape() {
    return info.inputShape().clone();
  }

  /** The loss the model was trained with, as its export names it ({@code CrossEntropyLossFlat}). */
  public String loss() {
    return info.loss();
  }

  /** {@code titanic.fastj (tabular, 2 classes)}. */
  @Override
  public String toString() {
    return file.getFileName() + " (" + inputKind() + ", "
        + (isClassifier() ? vocab().size() + " classes" : outputCount() + " values") + ")";
  }
}
