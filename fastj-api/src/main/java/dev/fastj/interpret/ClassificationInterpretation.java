package dev.fastj.interpret;

import dev.fastj.data.DataLoader;
import dev.fastj.data.TensorData;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Preds;
import dev.fastj.plot.Plots;
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
 * What a trained classifier gets wrong, from its predictions on a data set (usually the
 * validation set): the confusion matrix, the most confused pairs of classes, the items with
 * the largest losses, and a per-class report. Mirrors fastai's
 * {@code ClassificationInterpretation}.
 *
 * <pre>{@code
 * ClassificationInterpretation interp =
 *     ClassificationInterpretation.from(probs, targets, losses, vocab, images::get, names::get);
 * interp.plotConfusionMatrix(Path.of("cm.png"));
 * interp.mostConfused(2);             // [(actual, predicted, count), ...], largest first
 * interp.plotTopLosses(9, Path.of("top.png"));
 * System.out.print(interp.classificationReport());
 * }</pre>
 */
public final class ClassificationInterpretation {

  private final float[][] probabilities;
  private final int[] targets;
  private final float[] losses;
  private final List<String> vocab;
  private final IntFunction<ImageTensor> image;
  private final IntFunction<String> itemName;
  private final int[] predictions;

  private ClassificationInterpretation(float[][] probabilities, int[] targets, float[] losses,
      List<String> vocab, IntFunction<ImageTensor> image, IntFunction<String> itemName) {
    this.probabilities = probabilities;
    this.targets = targets;
    this.losses = losses;
    this.vocab = vocab;
    this.image = image;
    this.itemName = itemName;
    this.predictions = new int[targets.length];
    for (int i = 0; i < targets.length; i++) {
      predictions[i] = argmax(probabilities[i]);
    }
  }

  /**
   * An interpretation of predictions made on {@code n} items.
   *
   * @param probabilities n rows of class probabilities (activated model output), one column
   *     per vocabulary entry
   * @param targets the true class index of each item
   * @param losses the loss of each item (fastai computes it unreduced)
   * @param vocab the class names, by index
   * @param image the image of item i, for {@link #plotTopLosses}; may be {@code null} if
   *     the images are not to be plotted
   * @param itemName the name of item i (a file name, say) for {@link TopLoss#item()}; may be
   *     {@code null}
   * @throws IllegalArgumentException if the lengths disagree or a target is out of range
   */
  public static ClassificationInterpretation from(float[][] probabilities, int[] targets,
      float[] losses, List<String> vocab, IntFunction<ImageTensor> image,
      IntFunction<String> itemName) {
    Objects.requireNonNull(probabilities, "probabilities");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(losses, "losses");
    List<String> classes = List.copyOf(vocab);
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("vocab is empty; pass the class names");
    }
    int n = targets.length;
    if (probabilities.length != n || losses.length != n) {
      throw new IllegalArgumentException(
          "probabilities has " + probabilities.length + " rows, targets " + n + " and losses "
              + losses.length + "; pass one of each per item");
    }
    for (int i = 0; i < n; i++) {
      if (probabilities[i] == null || probabilities[i].length != classes.size()) {
        throw new IllegalArgumentException(
            "probabilities row " + i + " has "
                + (probabilities[i] == null ? "no" : String.valueOf(probabilities[i].length))
                + " values but vocab has " + classes.size() + " classes");
      }
      if (targets[i] < 0 || targets[i] >= classes.size()) {
        throw new IllegalArgumentException(
            "target " + targets[i] + " of item " + i + " is not a class index 0.."
                + (classes.size() - 1));
      }
    }
    return new ClassificationInterpretation(
        probabilities, targets, losses, classes, image, itemName);
  }

  /**
   * fastai's {@code ClassificationInterpretation.from_learner(learn)}: predictions, targets and
   * per-item losses on the validation set, with the validation images for
   * {@link #plotTopLosses}.
   */
  public static ClassificationInterpretation from(Learner learn) {
    if (!Double.isNaN(learn.threshold())) {
      throw new IllegalArgumentException("this learner is multi-label (several tags per item), which a confusion "
          + "matrix cannot show; use MultiLabelInterpretation.from(learn)");
    }
    Preds preds = learn.getPreds();
    DataLoader valid = learn.dls().valid();
    int[] items = preds.itemIndices();
    return from(preds.probabilities(), preds.targetClasses(), preds.losses(), learn.vocab(),
        i -> asImage(valid.decodedInput(items[i])), i -> valid.describeItem(items[i]));
  }

  /** A decoded input as an image (drawing clamps its values to [0, 1]). */
  static ImageTensor asImage(TensorData t) {
    if (t.rank() != 3) {
      throw new IllegalArgumentException("cannot draw an input of shape " + Arrays.toString(t.shape())
          + " as an image; plotTopLosses needs [channels, height, width]");
    }
    return new ImageTensor(t.toFloatArray(), (int) t.dim(0), (int) t.dim(1), (int) t.dim(2));
  }

  private static int argmax(float[] row) {
    int best = 0;
    for (int j = 1; j < row.length; j++) {
      if (row[j] > row[best]) {
        best = j;
      }
    }
    return best;
  }

  /** Number of items. */
  public int size() {
    return targets.length;
  }

  /** The class names, by index. */
  public List<String> vocab() {
    return vocab;
  }

  /** The predicted class index of each item (the most probable class; the first on ties). */
  public int[] predictions() {
    return predictions.clone();
  }

  /** counts[actual][predicted] over all items. fastai's {@code confusion_matrix}. */
  public int[][] confusionMatrix() {
    int[][] cm = new int[vocab.size()][vocab.size()];
    for (int i = 0; i < targets.length; i++) {
      cm[targets[i]][predictions[i]]++;
    }
    return cm;
  }

  /** {@link #mostConfused(int)} with fastai's default {@code min_val=1}. */
  public List<Confusion> mostConfused() {
    return mostConfused(1);
  }

  /**
   * The off-diagonal cells of the confusion matrix with at least {@code minVal} items,
   * largest first ({@code minVal} of 0 or less lists every pair); ties keep the matrix order (by actual class, then predicted class), as
   * fastai's stable sort does. fastai's {@code most_confused(min_val)}.
   */
  public List<Confusion> mostConfused(int minVal) {
    int[][] cm = confusionMatrix();
    List<Confusion> out = new ArrayList<>();
    for (int a = 0; a < cm.length; a++) {
      for (int p = 0; p < cm.length; p++) {
        if (a != p && cm[a][p] >= minVal) {
          out.add(new Confusion(vocab.get(a), vocab.get(p), cm[a][p]));
        }
      }
    }
    out.sort(Comparator.comparingInt(Confusion::count).reversed());
    return List.copyOf(out);
  }

  /** The {@code k} items with the largest losses, largest first. fastai's {@code top_losses(k)}. */
  public List<TopLoss> topLosses(int k) {
    return topLosses(k, true);
  }

  /**
   * The {@code k} items with the largest (or, if not {@code largest}, the smallest) losses,
   * in that order; equal losses keep item order. {@code k} larger than the number of items
   * gives all of them. fastai's {@code top_losses(k, largest)}.
   */
  public List<TopLoss> topLosses(int k, boolean largest) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be at least 0, got " + k);
    }
    Integer[] order = new Integer[targets.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Comparator<Integer> byLoss = Comparator.comparingDouble(i -> losses[i]);
    Arrays.sort(order, largest ? byLoss.reversed() : byLoss);
    List<TopLoss> out = new ArrayList<>();
    for (int r = 0; r < Math.min(k, order.length); r++) {
      int i = order[r];
      out.add(new TopLoss(i, losses[i], vocab.get(predictions[i]), vocab.get(targets[i]),
          probabilities[i][predictions[i]], itemName == null ? null : itemName.apply(i)));
    }
    return List.copyOf(out);
  }

  /** Draws the confusion matrix as a heat map with counts. fastai's {@code plot_confusion_matrix}. */
  public void plotConfusionMatrix(Path png) {
    Plots.confusionMatrix(confusionMatrix(), vocab, png);
  }

  /** Like {@link #plotConfusionMatrix(Path)}; {@code normalize} shows each row's fractions. */
  public void plotConfusionMatrix(boolean normalize, Path png) {
    Plots.confusionMatrix(confusionMatrix(), vocab, normalize, png);
  }

  /**
   * Draws the {@code k} items with the largest losses in a grid, each titled
   * "predicted/actual / loss / probability" as fastai's {@code plot_top_losses} does.
   *
   * @throws IllegalStateException if the interpretation was made without images
   */
  public void plotTopLosses(int k, Path png) {
    if (image == null) {
      throw new IllegalStateException(
          "this interpretation has no images; pass an image function to from(...) to plot them");
    }
    List<TopLoss> top = topLosses(k);
    if (top.isEmpty()) {
      throw new IllegalArgumentException("k is " + k + " and there are " + size()
          + " items; nothing to plot");
    }
    List<ImageTensor> images = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (TopLoss t : top) {
      images.add(Objects.requireNonNull(image.apply(t.index()), "image of item " + t.index()));
      titles.add(String.format(Locale.ROOT, "%s/%s / %.2f / %.2f",
          t.predicted(), t.actual(), t.loss(), t.probability()));
    }
    // fastai's get_grid: rows = floor(sqrt(n)), columns = ceil(n / rows)
    int rows = Math.max(1, (int) Math.sqrt(top.size()));
    int cols = (top.size() + rows - 1) / rows;
    ShowBatch.grid(images, titles, cols, "Prediction/Actual/Loss/Probability", png);
  }

  /**
   * Precision, recall, F1 and support per class, accuracy and averages, as scikit-learn's
   * {@code classification_report} (which fastai's {@code print_classification_report} prints;
   * {@code toString()} gives that text). Undefined ratios (no predictions or no items of a
   * class) count as 0, as scikit-learn's {@code zero_division} default does.
   */
  public ClassificationReport classificationReport() {
    int[][] cm = confusionMatrix();
    int c = vocab.size();
    List<ClassMetrics> rows = new ArrayList<>();
    double sumP = 0;
    double sumR = 0;
    double sumF = 0;
    double wP = 0;
    double wR = 0;
    double wF = 0;
    int total = 0;
    int correct = 0;
    for (int k = 0; k < c; k++) {
      int tp = cm[k][k];
      int support = 0;
      int predicted = 0;
      for (int j = 0; j < c; j++) {
        support += cm[k][j];
        predicted += cm[j][k];
      }
      double p = predicted == 0 ? 0 : tp / (double) predicted;
      double r = support == 0 ? 0 : tp / (double) support;
      double f = (support + predicted) == 0 ? 0 : 2.0 * tp / (support + predicted);
      rows.add(new ClassMetrics(vocab.get(k), p, r, f, support));
      sumP += p;
      sumR += r;
      sumF += f;
      wP += p * support;
      wR += r * support;
      wF += f * support;
      total += support;
      correct += tp;
    }
    double accuracy = total == 0 ? 0 : correct / (double) total;
    ClassMetrics macro = new ClassMetrics("macro avg", sumP / c, sumR / c, sumF / c, total);
    ClassMetrics weighted = total == 0
        ? new ClassMetrics("weighted avg", 0, 0, 0, 0)
        : new ClassMetrics("weighted avg", wP / total, wR / total, wF / total, total);
    return new ClassificationReport(rows, accuracy, macro, weighted);
  }
}
