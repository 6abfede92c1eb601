package dev.fastj.samples.serve;

import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.web.HttpError;
import dev.fastj.samples.web.PredictionJson;
import dev.fastj.spi.InputRecipe;
import dev.fastj.tabular.TabularRecipe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One kind of model behind {@code ./fastj serve}: how a request body becomes the model's input,
 * how a batch of inputs is predicted, and the page that asks for the input. Images are
 * {@link ImageModel}, tables {@link TabularRowModel} (a JSON row), texts {@link TextModel} (a
 * {@code text/plain} body or {@code {"text": ...}}); the server, the batching and the errors are
 * the same for all.
 *
 * @param <I> the prepared input of one request
 */
public interface ServedModel<I> extends AutoCloseable {

  /**
   * The served model of the export at {@code model}: a {@link TabularRowModel} when the export
   * carries a tabular recipe, a {@link TextModel} for a text recipe, an {@link ImageModel} when it
   * carries none.
   *
   * @throws IllegalArgumentException for an export of another kind, naming it
   */
  static ServedModel<?> open(Path model) {
    Learner learner = Learner.load(model);
    InputRecipe recipe = learner.inputRecipe();
    String name = model.getFileName().toString();
    if (recipe == null) {
      return new ImageModel(learner, model);
    }
    if (recipe instanceof TabularRecipe) {
      return new TabularRowModel(learner, name);
    }
    if (recipe instanceof dev.fastj.text.TextRecipe) {
      return new TextModel(learner, name);
    }
    learner.close();
    throw new IllegalArgumentException(model + " is a model of " + recipe.kind() + " items; serve serves image, "
        + "tabular and text models");
  }

  /** The kind, as {@code GET /health} reports it: {@code image}, {@code tabular} or {@code text}. */
  String kind();

  /** The class names of the outputs (empty for regression). */
  List<String> classes();

  /** What {@code GET /health} says about the model besides its kind and classes (input size, say). */
  Map<String, Object> describe();

  /**
   * Turns one request's body into an input; runs on the request's thread, so that decoding runs
   * in parallel while the model predicts a batch.
   *
   * @throws HttpError a 4xx naming what is wrong with the body (its type, its size, its content)
   */
  I prepare(Upload upload);

  /** One prediction per input, in order (one model call for the batch). */
  List<Prediction> predict(List<I> inputs);

  /** The JSON object {@code POST /predict} answers with for one prediction ({@link PredictionJson#of}). */
  default Map<String, Object> answer(Prediction p) {
    return PredictionJson.of(p);
  }

  /** The resource (under {@code dev/fastj/samples/serve/}) of the page at {@code /}. */
  String page();

  /** Frees the model. */
  @Override
  void close();
}
