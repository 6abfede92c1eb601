package dev.fastj.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Block;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.RegressionBlock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The target columns of a table: one categorical column (its classes the sorted distinct values
 * of the training rows, as fastai's {@code Categorize}) or one or more numeric columns
 * (regression, fastai's {@code RegressionBlock}). With no block given, fastai's rule picks:
 * regression when every target column is numeric, else classification.
 */
final class TabularTargets {

  private final List<String> names;
  private final List<String> vocab;
  private final Map<String, Integer> index;

  private TabularTargets(List<String> names, List<String> vocab) {
    this.names = List.copyOf(names);
    this.vocab = vocab == null ? null : List.copyOf(vocab);
    this.index = new HashMap<>();
    if (vocab != null) {
      for (int i = 0; i < vocab.size(); i++) {
        index.put(vocab.get(i), i);
      }
    }
  }

  static TabularTargets fit(Table train, Table all, List<String> yNames, Block yBlock) {
    checkArgument(!yNames.isEmpty(), "yNames is empty; name the target column(s)");
    for (String y : yNames) {
      checkArgument(all.has(y), "target column '%s' is not in %s; its columns are %s", y, all.source(), all.names());
    }
    boolean regression;
    if (yBlock == null) {
      regression = yNames.stream().allMatch(y -> all.type(y) == ColumnType.INTEGER || all.type(y) == ColumnType.FLOAT);
    } else if (yBlock instanceof RegressionBlock) {
      regression = true;
    } else if (yBlock instanceof CategoryBlock) {
      regression = false;
    } else {
      throw new IllegalArgumentException("yBlock " + yBlock.describe() + " is not supported for tables; use "
          + "CategoryBlock.create() or RegressionBlock.create()");
    }
    if (regression) {
      for (String y : yNames) {
        int bad = all.firstNonNumber(y);
        checkArgument(bad < 0, "regression target '%s' is '%s' on line %s of %s, not a number; use "
            + "CategoryBlock.create() as yBlock to classify, or fix the cell", y, bad < 0 ? "" : all.get(bad, y),
            bad < 0 ? 0 : all.line(bad), all.source());
      }
      TabularTargets t = new TabularTargets(yNames, null);
      t.checkPresent(all);
      return t;
    }
    checkArgument(yNames.size() == 1, "classification takes one target column, got %s; use RegressionBlock.create() "
        + "for several numeric targets", yNames);
    String y = yNames.get(0);
    TabularTargets unfitted = new TabularTargets(yNames, null);
    unfitted.checkPresent(all);
    List<String> values = new ArrayList<>();
    for (int r = 0; r < train.rowCount(); r++) {
      values.add(train.get(r, y));
    }
    ColumnType type = train.type(y);
    List<String> classes = TabularRecipe.classesOf(values, type == ColumnType.INTEGER || type == ColumnType.FLOAT);
    classes = classes.subList(1, classes.size());
    checkArgument(classes.size() >= 2, "target '%s' has one class ('%s') in the %s training rows of %s; a classifier "
        + "needs at least two: check the target column and the split", y, classes.isEmpty() ? "" : classes.get(0),
        train.rowCount(), train.source());
    TabularTargets t = new TabularTargets(yNames, classes);
    for (int r = 0; r < all.rowCount(); r++) {
      String v = all.get(r, y);
      checkArgument(t.index.containsKey(v), "class '%s' of target '%s' (line %s of %s) appears only in the validation "
          + "rows; the training classes are %s; move some of its rows to training or change the split", v, y,
          all.line(r), all.source(), abbreviate(classes));
    }
    return t;
  }

  private void checkPresent(Table all) {
    for (String y : names) {
      for (int r = 0; r < all.rowCount(); r++) {
        checkArgument(all.get(r, y) != null, "target '%s' is missing on line %s of %s; every row needs a target: "
            + "fill it in or remove the row", y, all.line(r), all.source());
      }
    }
  }

  boolean regression() {
    return vocab == null;
  }

  List<String> names() {
    return names;
  }

  /** The classes of a classification target, sorted; empty for regression. */
  List<String> vocab() {
    return vocab == null ? List.of() : vocab;
  }

  /** Number of model outputs: the classes, or the target columns. */
  int outputCount() {
    return vocab == null ? names.size() : vocab.size();
  }

  long[] classes(Table t) {
    long[] out = new long[t.rowCount()];
    for (int r = 0; r < out.length; r++) {
      out[r] = index.get(t.get(r, names.get(0)));
    }
    return out;
  }

  float[] values(Table t) {
    int k = names.size();
    float[] out = new float[t.rowCount() * k];
    for (int r = 0; r < t.rowCount(); r++) {
      for (int j = 0; j < k; j++) {
        out[r * k + j] = Float.parseFloat(t.get(r, names.get(j)));
      }
    }
    return out;
  }

  private static String abbreviate(List<String> v) {
    return v.size() <= 10 ? v.toString() : v.subList(0, 10) + " and " + (v.size() - 10) + " more";
  }
}
