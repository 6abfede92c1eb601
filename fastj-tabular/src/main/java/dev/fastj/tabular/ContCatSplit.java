package dev.fastj.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * fastai's {@code cont_cat_split(df, max_card=20, dep_var=None)}: which columns of a table are
 * continuous and which categorical, when the user does not say. A column is continuous when it
 * is {@link ColumnType#FLOAT} (numbers with a decimal point, or with missing cells), or
 * {@link ColumnType#INTEGER} with more than {@code maxCard} distinct values; every other column
 * (text, integers of few values, a column of mixed numbers and text) is categorical.
 *
 * <pre>{@code
 * ContCatSplit s = ContCatSplit.of(Table.read(csv), 20, List.of("salary"));
 * TabularDataLoaders.fromCsv(csv, List.of("salary"), s.catNames(), s.contNames(), procs, splitter, 64);
 * }</pre>
 *
 * @param contNames the continuous columns, in table order
 * @param catNames the categorical columns, in table order
 */
public record ContCatSplit(List<String> contNames, List<String> catNames) {

  /** Copies the lists. */
  public ContCatSplit {
    contNames = List.copyOf(contNames);
    catNames = List.copyOf(catNames);
  }

  /** fastai's {@code cont_cat_split(df, max_card, dep_var)}; {@code depVars} are left out of both lists. */
  public static ContCatSplit of(Table table, int maxCard, Collection<String> depVars) {
    checkArgument(maxCard >= 0, "maxCard must be >= 0, got %s", maxCard);
    for (String d : depVars) {
      table.column(d);
    }
    List<String> cont = new ArrayList<>();
    List<String> cat = new ArrayList<>();
    for (String col : table.names()) {
      if (depVars.contains(col)) {
        continue;
      }
      ColumnType t = table.type(col);
      boolean continuous = t == ColumnType.FLOAT || t == ColumnType.EMPTY
          || (t == ColumnType.INTEGER && distinct(table, col) > maxCard);
      (continuous ? cont : cat).add(col);
    }
    return new ContCatSplit(cont, cat);
  }

  /** {@link #of(Table, int, Collection)} with fastai's {@code max_card=20}. */
  public static ContCatSplit of(Table table, Collection<String> depVars) {
    return of(table, 20, depVars);
  }

  private static int distinct(Table t, String col) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < t.rowCount(); i++) {
      seen.add(t.get(i, col));
    }
    return seen.size();
  }
}
