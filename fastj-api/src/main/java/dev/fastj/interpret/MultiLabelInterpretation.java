package dev.fastj.interpret;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.fastj.data.DataLoader;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Preds;
import dev.fastj.vision.ShowBatch;
import dev.fastj.vision.image.ImageTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * What a multi-label model (planet's tags) gets wrong, from its predictions on a data set,
 * usually the validation set: the multi-label counterpart of {@link ClassificationInterpretation}.
 * A tag is predicted when its probability exceeds the learner's threshold
 * ({@link Learner#threshold()}); the items with the largest losses show their predicted and actual
 * tag sets, and {@link #tagReport()} gives precision, recall and F1 per tag. fastai draws
 * {@code plot_top_losses} of a multi-label model as a table of the same columns.
 *
 * <pre>{@code
 * MultiLabelInterpretation interp = MultiLabelInterpretation.from(learn);
 * interp.topLosses(5);                           // [(loss, predicted tags, actual tags), ...]
 * interp.plotTopLosses(9, Path.of("top.png"));   // titled "predicted / actual / loss"
 * interp.tagReport();                            // per tag: precision, recall, F1, support
 * }</pre>
 */
public final class MultiLabelInterpretation {

  private final float[][] probabilities;
  private final float[][] targets;
  private final float[] losses;
  private final List<String> vocab;
  private final double threshold;
  private final IntFunction<ImageTensor> image;
  private final IntFunction<String> itemName;

  private MultiLabelInterpretation(float[][] probabilities, float[][] targets, float[] losses, List<String> vocab,
      double threshold, IntFunction<ImageTensor> image, IntFunction<String> itemName) {
    this.probabilities = probabilities;
    this.targets = targets;
    this.losses = losses;
    this.vocab = vocab;
    this.threshold = threshold;
    this.image = image;
    this.itemName = itemName;
  }

  /**
   * An interpretation of predictions made on {@code n} items.
   *
   * @param probabilities n rows of tag probabilities (sigmoid outputs), one column per tag
   * @param targets n rows of 0/1 targets, one column per tag
   * @param losses the loss of each item
   * @param vocab the tag names, by column
   * @param threshold the probability above which a tag is predicted
   * @param image the image of item i, for {@link #plotTopLosses}; may be null
   * @param itemName the name of item i; may be null
   * @throws IllegalArgumentException when the sizes disagree or the threshold is not in (0, 1)
   */
  public static MultiLabelInterpretation from(float[][] probabilities, float[][] targets, float[] losses,
      List<String> vocab, double threshold, IntFunction<ImageTensor> image, IntFunction<String> itemName) {
    Objects.requireNonNull(probabilities, "probabilities");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(losses, "losses");
    List<String> tags = List.copyOf(vocab);
    checkArgument(!tags.isEmpty(), "vocab is empty; pass the tag names");
    checkArgument(threshold > 0 && threshold < 1, "threshold must be between 0 and 1, got %s", threshold);
    int n = probabilities.length;
    checkArgument(targets.length == n && losses.length == n, "probabilities has %s rows, targets %s and losses %s; "
        + "pass one of each per item", n, targets.length, losses.length);
    for (int i = 0; i < n; i++) {
      checkArgument(probabilities[i].length == tags.size() && targets[i].length == tags.size(),
          "row %s has %s probabilities and %s targets but vocab has %s tags; a multi-label interpretation needs one "
              + "0/1 target per tag (for one class per item use ClassificationInterpretation)", i,
          probabilities[i].length, targets[i].length, tags.size());
    }
    return new MultiLabelInterpretation(probabilities, targets, losses, tags, threshold, image, itemName);
  }

  /**
   * fastai's {@code Interpretation.from_learner(learn)} for a multi-label learner: predictions,
   * targets and losses on the validation set, at the learner's threshold, with the validation
   * images.
   *
   * @throws IllegalStateException when the learner is not multi-label
   */
  public static MultiLabelInterpretation from(Learner learn) {
    checkState(!Double.isNaN(learn.threshold()), "MultiLabelInterpretation needs a multi-label learner (a "
        + "MultiCategoryBlock target, BCEWithLogitsLossFlat); for one class per item use ClassificationInterpretation");
    Preds preds = learn.getPreds();
    DataLoader valid = learn.dls().valid();
    int[] items = preds.itemIndices();
    return from(preds.probabilities(), preds.targets(), preds.losses(), learn.vocab(), learn.threshold(),
        i -> ClassificationInterpretation.asImage(valid.decodedInput(items[i])), i -> valid.describeItem(items[i]));
  }

  /** Number of items. */
  public int size() {
    return losses.length;
  }

  /** The tag names. */
  public List<String> vocab() {
    return vocab;
  }

  /** The threshold tags are predicted over. */
  public double threshold() {
    return threshold;
  }

  /** The predicted tags of item {@code i}, in vocab order. */
  public List<String> predicted(int i) {
    return tags(probabilities[i], (float) threshold);
  }

  /** The actual tags of item {@code i}, in vocab order. */
  public List<String> actual(int i) {
    return tags(targets[i], 0.5f);
  }

  private List<String> tags(float[] row, float over) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < row.length; k++) {
      if (row[k] > over) {
        out.add(vocab.get(k));
      }
    }
    return out;
  }

  /** The {@code k} items with the largest losses, largest first; equal losses keep item order. */
  public List<MultiLabelTopLoss> topLosses(int k) {
    checkArgument(k >= 0, "k must be at least 0, got %s", k);
    Integer[] order = new Integer[losses.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> losses[i]).reversed());
    List<MultiLabelTopLoss> out = new ArrayList<>();
    for (int r = 0; r < Math.min(k, order.length); r++) {
      int i = order[r];
      out.add(new MultiLabelTopLoss(i, losses[i], predicted(i), actual(i), itemName == null ? null : itemName.apply(i)));
    }
    return List.copyOf(out);
  }

  /**
   * Draws the {@code k} items with the largest losses in a grid, each titled
   * "predicted / actual / loss" with the tag sets ("-" for none).
   *
   * @throws IllegalStateException when the interpretation has no images
   */
  public void plotTopLosses(int k, Path png) {
    checkState(image != null, "this interpretation has no images; pass an image function to from(...) to plot them");
    List<MultiLabelTopLoss> top = topLosses(k);
    checkArgument(!top.isEmpty(), "k is %s and there are %s items; nothing to plot", k, size());
    List<ImageTensor> images = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (MultiLabelTopLoss t : top) {
      images.add(Objects.requireNonNull(image.apply(t.index()), "image of item " + t.index()));
      titles.add(String.format(Locale.ROOT, "%s / %s / %.2f", join(t.predicted()), join(t.actual()), t.loss()));
    }
    int rows = Math.max(1, (int) Math.sqrt(top.size()));
    int cols = (top.size() + rows - 1) / rows;
    ShowBatch.grid(images, titles, cols, "Predicted / Actual / Loss", png);
  }

  private static String join(List<String> tags) {
    return tags.isEmpty() ? "-" : String.join(" ", tags);
  }

  /**
   * Precision, recall and F1 of each tag over the items (undefined ratios count as 0, as
   * scikit-learn's {@code zero_division}), and its support (items that have it).
   */
  public List<ClassMetrics> tagReport() {
    List<ClassMetrics> out = new ArrayList<>();
    for (int k = 0; k < vocab.size(); k++) {
      int tp = 0;
      int fp = 0;
      int fn = 0;
      for (int i = 0; i < losses.length; i++) {
        boolean p = probabilities[i][k] > (float) threshold;
        boolean t = targets[i][k] > 0.5;
        tp += p && t ? 1 : 0;
        fp += p && !t ? 1 : 0;
        fn += !p && t ? 1 : 0;
      }
      double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
      double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
      double f1 = 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
      out.add(new ClassMetrics(vocab.get(k), precision, recall, f1, tp + fn));
    }
    return List.copyOf(out);
  }
}
