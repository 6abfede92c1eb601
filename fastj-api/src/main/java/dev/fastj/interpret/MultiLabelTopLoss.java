package dev.fastj.interpret;

import java.util.ArrayList;
import java.util.List;

/**
 * One of the items a multi-label model gets most wrong ({@link MultiLabelInterpretation#topLosses}):
 * its loss and its actual and predicted tag sets.
 *
 * @param index the item's row in the interpretation
 * @param loss the item's loss (binary cross-entropy averaged over its tags)
 * @param predicted the tags over the threshold, in vocab order
 * @param actual the item's tags, in vocab order
 * @param item the item's name (a file), or null when the interpretation has no names
 */
public record MultiLabelTopLoss(int index, float loss, List<String> predicted, List<String> actual, String item) {

  /** Copies the tag lists. */
  public MultiLabelTopLoss {
    predicted = List.copyOf(predicted);
    actual = List.copyOf(actual);
  }

  /** Actual tags the model did not predict (false negatives). */
  public List<String> missed() {
    List<String> out = new ArrayList<>(actual);
    out.removeAll(predicted);
    return out;
  }

  /** Predicted tags the item does not have (false positives). */
  public List<String> extra() {
    List<String> out = new ArrayList<>(predicted);
    out.removeAll(actual);
    return out;
  }
}
