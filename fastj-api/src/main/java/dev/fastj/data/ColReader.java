package dev.fastj.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads one column of a {@link CsvRow}: fastai's {@code ColReader(cols, pref, suff, label_delim)}.
 * The value is the cell with {@code prefix} and {@code suffix} added; with a {@link Path} prefix
 * it is a file under that folder; with a label delimiter it is the list of labels.
 *
 * <pre>{@code
 * ColReader.of("fname").withPrefix(path.resolve("images")).withSuffix(".jpg")  // a Path
 * ColReader.of("tags").withLabelDelim(" ")                                     // a List<String>
 * }</pre>
 */
public final class ColReader implements Function<CsvRow, Object> {

  private final String column;
  private final int index;
  private final String prefix;
  private final Path folder;
  private final String suffix;
  private final String labelDelim;

  private ColReader(String column, int index, String prefix, Path folder, String suffix, String labelDelim) {
    this.column = column;
    this.index = index;
    this.prefix = prefix;
    this.folder = folder;
    this.suffix = suffix;
    this.labelDelim = labelDelim;
  }

  /** Reads column {@code column} (by header name) as a string. */
  public static ColReader of(String column) {
    return new ColReader(column, -1, "", null, "", null);
  }

  /** Reads the column at position {@code index} (0 is the first), as fastai's {@code ColReader(0)}. */
  public static ColReader of(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("column index must be >= 0, got " + index);
    }
    return new ColReader("#" + index, index, "", null, "", null);
  }

  /** A copy that prepends {@code p} to the cell. */
  public ColReader withPrefix(String p) {
    return new ColReader(column, index, p, null, suffix, labelDelim);
  }

  /** A copy that resolves the cell (with its suffix) against folder {@code dir}, giving a Path. */
  public ColReader withPrefix(Path dir) {
    return new ColReader(column, index, "", dir, suffix, labelDelim);
  }

  /** A copy that appends {@code s} to the cell. */
  public ColReader withSuffix(String s) {
    return new ColReader(column, index, prefix, folder, s, labelDelim);
  }

  /** A copy that splits the cell on {@code delim} into a list of labels (empty cell: no labels). */
  public ColReader withLabelDelim(String delim) {
    return new ColReader(column, index, prefix, folder, suffix, delim);
  }

  @Override
  public Object apply(CsvRow row) {
    String cell = index >= 0 ? row.get(index) : row.get(column);
    if (labelDelim != null) {
      String s = cell.strip();
      return s.isEmpty() ? List.of() : Arrays.stream(s.split(java.util.regex.Pattern.quote(labelDelim)))
          .map(String::strip).filter(t -> !t.isEmpty()).map(t -> prefix + t + suffix).toList();
    }
    if (cell.isBlank()) {
      throw new IllegalArgumentException("csv row " + row.line() + " has no value in column '" + column
          + "'; fill it in or filter the row out in getItems");
    }
    String value = prefix + cell.strip() + suffix;
    return folder != null ? folder.resolve(value) : value;
  }

  @Override
  public String toString() {
    return "ColReader(" + column + ")";
  }
}
