package dev.fastj.learner;

/**
 * The result of {@link Learner#predict}: the decoded label, the index of the most probable
 * output and the activated outputs (probabilities for classification), as fastai's
 * {@code learn.predict} returns {@code (decoded, index, probs)}.
 *
 * @param label the prediction as users read it (a class name, tags, values)
 * @param index index of the largest activated output
 * @param probabilities activated outputs of the item
 */
public record Prediction(String label, int index, float[] probabilities) {

  /** Copies the probabilities. */
  public Prediction {
    probabilities = probabilities.clone();
  }

  /** A copy of the activated outputs. */
  @Override
  public float[] probabilities() {
    return probabilities.clone();
  }

  /** The probability of the predicted index. */
  public float probability() {
    return probabilities[index];
  }
}
