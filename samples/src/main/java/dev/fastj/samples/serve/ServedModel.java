package dev.fastj.samples.serve;

import dev.fastj.learner.Prediction;
import dev.fastj.samples.web.HttpError;
import java.util.List;
import java.util.Map;

/**
 * One kind of model behind {@code ./fastj serve}: how a request body becomes the model's input,
 * how a batch of inputs is predicted, and the page that asks for the input. Images are
 * {@link ImageModel}; a text model (a {@code text/plain} body or {@code {"text": ...}}) or a
 * tabular one (a JSON row) is another implementation with its own page, and the server, the
 * batching and the JSON of the answers stay as they are.
 *
 * @param <I> the prepared input of one request
 */
public interface ServedModel<I> extends AutoCloseable {

  /** The kind, as {@code GET /health} reports it: {@code image}, later {@code text}, {@code tabular}. */
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

  /** The resource (under {@code dev/fastj/samples/serve/}) of the page at {@code /}. */
  String page();

  /** Frees the model. */
  @Override
  void close();
}
