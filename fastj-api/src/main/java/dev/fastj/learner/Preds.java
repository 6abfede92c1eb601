package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Predictions on a whole data set, as fastai's {@code get_preds(with_loss=True)}: the activated
 * outputs, the targets and the loss of each item, in the loader's order, with each item's index
 * in its data set (for finding its file). Rows are flattened per item.
 *
 * <pre>{@code
 * Preds p = learn.getPreds();
 * ClassificationInterpretation.from(p.probabilities(), p.targetClasses(), p.losses(), vocab, ...);
 * }</pre>
 *
 * @param probabilities activated outputs per item
 * @param targets targets per item (one value for a class index)
 * @param losses loss per item
 * @param itemIndices index of each item in its data set
 */
public record Preds(float[][] probabilities, float[][] targets, float[] losses, int[] itemIndices) {

  /** Checks that every array has one entry per item. */
  public Preds {
    checkArgument(probabilities.length == targets.length && targets.length == losses.length
        && losses.length == itemIndices.length, "preds, targets, losses and indices differ in length");
  }

  /** Number of items. */
  public int size() {
    return losses.length;
  }

  /** Targets as class indices; fails unless each target is a single value. */
  public int[] targetClasses() {
    int[] out = new int[targets.length];
    for (int i = 0; i < out.length; i++) {
      checkArgument(targets[i].length == 1, "item %s has %s target values, not one class index", i, targets[i].length);
      out[i] = Math.round(targets[i][0]);
    }
    return out;
  }

  /** Index of the largest output of each item (fastai's decoded predictions). */
  public int[] predictedClasses() {
    int[] out = new int[probabilities.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Activation.argmax(probabilities[i]);
    }
    return out;
  }
}
