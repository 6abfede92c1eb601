package dev.fastj.data;

import java.util.List;
import java.util.Map;

/**
 * One row of a CSV file, an item for data described by a table (fastai's DataFrame rows).
 *
 * @param line line number in the file (1 is the header)
 * @param columns column name to position, from the header
 * @param values the row's cells
 */
public record CsvRow(int line, Map<String, Integer> columns, List<String> values) {

  public CsvRow {
    columns = Map.copyOf(columns);
    values = List.copyOf(values);
  }

  /**
   * The cell of column {@code col}; fails when the header has no such column or the row is too
   * short.
   */
  public String get(String col) {
    Integer i = columns.get(col);
    if (i == null) {
      throw new IllegalArgumentException("csv has no column '" + col + "'; columns are " + columns.keySet());
    }
    return get(i);
  }

  /** The cell at position {@code i}; fails when the row is too short. */
  public String get(int i) {
    if (i < 0 || i >= values.size()) {
      throw new IllegalArgumentException("csv row " + line + " has no cell " + i + " (it has " + values.size()
          + " cells); fix the row or filter it out");
    }
    return values.get(i);
  }

  @Override
  public String toString() {
    return "row " + line + " " + values;
  }
}
