package dev.fastj.interpret;

/**
 * One row of a {@link ClassificationReport}: a class (or an average) with its precision,
 * recall, F1 score and support, as in scikit-learn's {@code classification_report}.
 *
 * @param label the class name, or "macro avg" / "weighted avg"
 * @param precision true positives over predicted positives (0 when nothing was predicted)
 * @param recall true positives over actual positives (0 when there are none)
 * @param f1 the harmonic mean of precision and recall (0 when both are 0)
 * @param support how many items actually belong to the class (for averages: all items)
 */
public record ClassMetrics(String label, double precision, double recall, double f1, int support) {}
