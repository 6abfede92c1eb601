package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.DataLoader;
import dev.fastj.learner.Preds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * fastai's {@code TextClassificationInterpretation} for a text classifier: the validation texts
 * the model got most wrong, with their decoded text, actual and predicted class, loss and the
 * probability of the predicted class.
 *
 * <pre>{@code
 * TextInterpretation interp = TextInterpretation.from(clas);
 * System.out.print(interp.table(5));     // fastai's interp.plot_top_losses(5) as a table
 * }</pre>
 */
public final class TextInterpretation {

  /**
   * One validation text and how the model judged it.
   *
   * @param text the decoded tokens (without padding), as fastai shows them
   * @param actual the label
   * @param predicted the most probable class
   * @param loss the item's loss
   * @param probability the probability of the predicted class
   * @param item the raw item (a Path for texts from a folder)
   */
  public record TopLoss(String text, String actual, String predicted, double loss, double probability, Object item) {}

  private final List<TopLoss> all;

  private TextInterpretation(List<TopLoss> all) {
    this.all = all;
  }

  /** fastai's {@code from_learner(learn)}: predicts the validation set once. */
  public static TextInterpretation from(TextLearner learn) {
    checkArgument(!learn.isLanguageModel(), "TextInterpretation interprets a classifier; this learner is a language "
        + "model");
    Preds preds = learn.getPreds();
    DataLoader valid = learn.dls().valid();
    TextBlock block = learn.textDls().textBlock();
    List<String> classes = learn.vocab();
    int[] actual = preds.targetClasses();
    int[] predicted = preds.predictedClasses();
    List<TopLoss> out = new ArrayList<>(preds.size());
    for (int i = 0; i < preds.size(); i++) {
      int idx = preds.itemIndices()[i];
      Object item = valid.item(idx);
      out.add(new TopLoss(block.show(block.encode(item)), classes.get(actual[i]), classes.get(predicted[i]),
          preds.losses()[i], preds.probabilities()[i][predicted[i]], item));
    }
    out.sort(Comparator.comparingDouble(TopLoss::loss).reversed());
    return new TextInterpretation(List.copyOf(out));
  }

  /** The {@code k} validation texts of largest loss, largest first (fastai's {@code top_losses(k)}). */
  public List<TopLoss> topLosses(int k) {
    checkArgument(k >= 0, "k must not be negative, got %s", k);
    return all.subList(0, Math.min(k, all.size()));
  }

  /** Every validation text, largest loss first. */
  public List<TopLoss> all() {
    return all;
  }

  /**
   * fastai's {@code plot_top_losses(k)} as a text table: the {@code k} largest losses with the
   * first 100 characters of their text, the actual and predicted class, the loss and the probability.
   */
  public String table(int k) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("", "text", "target", "prediction", "loss", "probability"));
    int i = 0;
    for (TopLoss t : topLosses(k)) {
      String text = t.text().length() > 100 ? t.text().substring(0, 100) + "..." : t.text();
      rows.add(List.of(Integer.toString(i++), text, t.actual(), t.predicted(),
          String.format(Locale.ROOT, "%.4f", t.loss()), String.format(Locale.ROOT, "%.4f", t.probability())));
    }
    return TextTable.render(rows);
  }
}
