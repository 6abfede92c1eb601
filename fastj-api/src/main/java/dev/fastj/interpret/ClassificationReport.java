package dev.fastj.interpret;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * Precision, recall, F1 and support per class, with accuracy and the macro and weighted
 * averages: fastai's {@code print_classification_report}, which prints scikit-learn's
 * {@code classification_report}. {@link #toString()} gives the same text with two decimals.
 *
 * @param classes one row per class, in vocabulary order
 * @param accuracy the fraction of items predicted right
 * @param macroAvg the unweighted mean over classes
 * @param weightedAvg the mean over classes weighted by support
 */
public record ClassificationReport(
    List<ClassMetrics> classes, double accuracy, ClassMetrics macroAvg, ClassMetrics weightedAvg) {

  /** Copies the class list. */
  public ClassificationReport {
    classes = List.copyOf(classes);
  }

  /** The row of class {@code label}. */
  public ClassMetrics forClass(String label) {
    for (ClassMetrics m : classes) {
      if (m.label().equals(label)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no class " + label + " in the report; classes are "
        + classes.stream().map(ClassMetrics::label).toList());
  }

  /** The report laid out as scikit-learn prints it (right-aligned columns, two decimals). */
  @Override
  public String toString() {
    int width = "weighted avg".length();
    for (ClassMetrics m : classes) {
      width = Math.max(width, m.label().length());
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%" + width + "s  %9s %9s %9s %9s\n\n",
        "", "precision", "recall", "f1-score", "support"));
    for (ClassMetrics m : classes) {
      row(sb, m, width);
    }
    sb.append('\n');
    int total = macroAvg.support();
    sb.append(String.format(Locale.ROOT, "%" + width + "s  %9s %9s %9s %9d\n",
        "accuracy", "", "", fmt(accuracy), total));
    row(sb, macroAvg, width);
    row(sb, weightedAvg, width);
    return sb.toString();
  }

  private static void row(StringBuilder sb, ClassMetrics m, int width) {
    sb.append(String.format(Locale.ROOT, "%" + width + "s  %9s %9s %9s %9d\n",
        m.label(), fmt(m.precision()), fmt(m.recall()), fmt(m.f1()), m.support()));
  }

  /** Two decimals rounded as Python rounds (the exact binary value, ties to even). */
  private static String fmt(double v) {
    return new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }
}
