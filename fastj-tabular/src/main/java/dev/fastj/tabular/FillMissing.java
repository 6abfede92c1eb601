package dev.fastj.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * fastai's {@code FillMissing}: in each continuous column that has missing values in the training
 * rows, missing cells get the column's fill value (the training median by default) and a
 * categorical column {@code <col>_na} ({@code True} where the cell was missing, else
 * {@code False}) is added, as fastai adds it to {@code cat_names}. A continuous column with no
 * missing training value gets no fill value: a missing cell there at inference is refused with
 * a message (fastai asserts), since the model never learnt what it means.
 *
 * <pre>{@code
 * FillMissing.create()                                           // median, with <col>_na
 * FillMissing.create().withFillStrategy(FillMissing.FillStrategy.MODE).withAddCol(false)
 * FillMissing.create().withFillStrategy(FillMissing.FillStrategy.CONSTANT).withFillVals(Map.of("age", 0.0))
 * }</pre>
 *
 * @param fillStrategy how the fill value is computed from the training rows
 * @param addCol whether the {@code <col>_na} columns are added
 * @param fillVals the fill value of each column for {@link FillStrategy#CONSTANT} (0 when absent)
 */
public record FillMissing(FillStrategy fillStrategy, boolean addCol, Map<String, Double> fillVals)
    implements TabularProc {

  /** fastai's {@code FillStrategy}. */
  public enum FillStrategy {
    /** The median of the present training values (the mean of the two middle ones for an even count). */
    MEDIAN,
    /** The most frequent present training value (the smallest of equally frequent ones). */
    MODE,
    /** The column's entry of {@code fillVals}, 0 when it has none. */
    CONSTANT
  }

  /** Checks and copies the values. */
  public FillMissing {
    checkArgument(fillStrategy != null, "fillStrategy is null");
    fillVals = Map.copyOf(fillVals);
    fillVals.forEach((k, v) -> checkArgument(Double.isFinite(v), "fill value of %s must be finite, got %s", k, v));
  }

  /** fastai's defaults: median, with the {@code <col>_na} columns. */
  public static FillMissing create() {
    return new FillMissing(FillStrategy.MEDIAN, true, Map.of());
  }

  /** A copy computing fill values with {@code s}. */
  public FillMissing withFillStrategy(FillStrategy s) {
    return new FillMissing(s, addCol, fillVals);
  }

  /** A copy that adds (or not) the {@code <col>_na} columns. */
  public FillMissing withAddCol(boolean a) {
    return new FillMissing(fillStrategy, a, fillVals);
  }

  /** A copy with the constant fill values of {@link FillStrategy#CONSTANT}. */
  public FillMissing withFillVals(Map<String, Double> vals) {
    return new FillMissing(fillStrategy, addCol, vals);
  }

  @Override
  public int order() {
    return 0;
  }
}
