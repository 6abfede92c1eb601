package dev.fastj.samples.serve;

import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import java.util.List;

/**
 * What every {@link ServedModel} of an export shares: the loaded {@link Learner}, whose class names
 * are the model's, whose {@link Learner#predictBatch} predicts a batch in one call (each item as
 * {@code ./fastj predict} would), and which is freed with the server.
 *
 * @param <I> the prepared input of one request
 */
abstract class LoadedModel<I> implements ServedModel<I> {

  protected final Learner learner;

  LoadedModel(Learner learner) {
    this.learner = learner;
  }

  @Override
  public List<String> classes() {
    return learner.vocab();
  }

  @Override
  public List<Prediction> predict(List<I> inputs) {
    return learner.predictBatch(inputs);
  }

  @Override
  public void close() {
    learner.close();
  }
}
