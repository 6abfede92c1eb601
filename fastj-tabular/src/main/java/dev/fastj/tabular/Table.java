package dev.fastj.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A table read from a CSV file: its rows ({@link CsvRow}s, read with Apache Commons CSV by
 * {@link Csv}), which cells count as missing, and the type of each column, as pandas'
 * {@code read_csv} gives fastai a DataFrame. Immutable.
 *
 * <p>Missing values are the cells equal to one of {@link Options#naValues()} after trimming
 * (by default the empty cell, {@code NA}, {@code N/A}, {@code n/a}, {@code NaN}, {@code nan},
 * {@code NULL}, {@code null} and {@code ?}). Column types follow pandas: a column whose present
 * cells are all integers is {@link ColumnType#INTEGER} unless a cell is missing (pandas then
 * reads floats), one of numbers is {@link ColumnType#FLOAT}, one with any other cell is
 * {@link ColumnType#TEXT}, one with no present cell {@link ColumnType#EMPTY}.
 *
 * <pre>{@code
 * Table t = Table.read(Path.of("adult.csv"));
 * ContCatSplit s = ContCatSplit.of(t, 20, List.of("salary"));   // fastai's cont_cat_split
 * }</pre>
 */
public final class Table {

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /**
   * How a CSV file becomes a table.
   *
   * @param csv delimiter and trimming ({@link Csv.Options}); trimmed by default, as fastai's
   *     {@code from_csv} reads with {@code skipinitialspace}
   * @param naValues the cells (after trimming) that mean "missing"
   */
  public record Options(Csv.Options csv, Set<String> naValues) {

    /** Checks and copies the values. */
    public Options {
      checkArgument(csv != null, "csv options are null; use Csv.Options.defaults()");
      naValues = Set.copyOf(naValues);
    }

    /** Comma separated, cells trimmed, the default missing values. */
    public static Options defaults() {
      return new Options(Csv.Options.defaults().withTrim(true),
          Set.of("", "NA", "N/A", "n/a", "NaN", "nan", "NULL", "null", "?"));
    }

    /** A copy where exactly {@code values} mean "missing" (the empty cell is missing only if listed). */
    public Options withNaValues(String... values) {
      return new Options(csv, Set.of(values));
    }

    /** A copy with other CSV settings. */
    public Options withCsv(Csv.Options o) {
      return new Options(o, naValues);
    }
  }

  private final String source;
  private final List<String> names;
  private final Map<String, Integer> index;
  private final List<CsvRow> rows;
  private final Options options;
  private final Map<String, ColumnType> types = new java.util.concurrent.ConcurrentHashMap<>();

  private Table(String source, List<String> names, List<CsvRow> rows, Options options) {
    this.source = source;
    this.names = List.copyOf(names);
    Map<String, Integer> idx = new LinkedHashMap<>();
    for (int i = 0; i < this.names.size(); i++) {
      idx.put(this.names.get(i), i);
    }
    this.index = Map.copyOf(idx);
    this.rows = List.copyOf(rows);
    this.options = options;
  }

  /** Reads {@code csv} with {@link Options#defaults()}. */
  public static Table read(Path csv) {
    return read(csv, Options.defaults());
  }

  /**
   * Reads {@code csv}.
   *
   * @throws IllegalArgumentException when the file is missing, empty or malformed (the message
   *     names the line and column), or has no row
   */
  public static Table read(Path csv, Options options) {
    List<CsvRow> rows = Csv.rows(csv, options.csv());
    checkArgument(!rows.isEmpty(), "csv %s has a header but no row", csv);
    return of(rows, csv.toString(), options);
  }

  /** A table over rows already parsed (all with the same columns), named {@code source} in errors. */
  public static Table of(List<CsvRow> rows, String source, Options options) {
    checkArgument(!rows.isEmpty(), "%s has no row", source);
    Map<String, Integer> cols = rows.get(0).columns();
    List<String> names = new ArrayList<>(cols.keySet());
    names.sort(java.util.Comparator.comparingInt(cols::get));
    for (CsvRow r : rows) {
      checkArgument(r.columns().equals(cols), "%s: %s has other columns than the first row", source, r);
    }
    return new Table(source, names, rows, options);
  }

  /** Where the table came from (its file), for messages. */
  public String source() {
    return source;
  }

  /** The column names, in file order. */
  public List<String> names() {
    return names;
  }

  /** The options it was read with. */
  public Options options() {
    return options;
  }

  /** Number of rows (without the header). */
  public int rowCount() {
    return rows.size();
  }

  /** Whether the table has column {@code col}. */
  public boolean has(String col) {
    return index.containsKey(col);
  }

  /** The rows as read. */
  public List<CsvRow> rows() {
    return rows;
  }

  /** The line of row {@code row} in its file (the header is line 1). */
  public int line(int row) {
    return rows.get(row).line();
  }

  /**
   * The cell of row {@code row} in column {@code col}, trimmed as read, or null when it is a
   * missing value.
   */
  public String get(int row, String col) {
    return cell(rows.get(row).get(column(col)), options.naValues());
  }

  /** A cell as a value: null when it is one of {@code naValues}. */
  static String cell(String raw, Set<String> naValues) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip();
    return naValues.contains(s) ? null : s;
  }

  /** The position of {@code col}; fails naming the columns there are. */
  public int column(String col) {
    Integer i = index.get(col);
    checkArgument(i != null, "%s has no column '%s'; its columns are %s", source, col, names);
    return i;
  }

  /** The type of column {@code col}, as pandas would read it. */
  public ColumnType type(String col) {
    int c = column(col);
    return types.computeIfAbsent(col, k -> detect(c));
  }

  private ColumnType detect(int c) {
    boolean missing = false;
    boolean present = false;
    boolean integers = true;
    for (CsvRow r : rows) {
      String v = cell(r.get(c), options.naValues());
      if (v == null) {
        missing = true;
        continue;
      }
      present = true;
      if (!INTEGER.matcher(v).matches()) {
        integers = false;
        if (!NUMBER.matcher(v).matches()) {
          return ColumnType.TEXT;
        }
      }
    }
    if (!present) {
      return ColumnType.EMPTY;
    }
    return integers && !missing ? ColumnType.INTEGER : ColumnType.FLOAT;
  }

  /** True when {@code s} is a number as this class reads them (no NaN, no infinity, no hex). */
  static boolean isNumber(String s) {
    return NUMBER.matcher(s).matches();
  }

  /** The first row of column {@code col} whose present cell is not a number, or -1. */
  int firstNonNumber(String col) {
    int c = column(col);
    for (int i = 0; i < rows.size(); i++) {
      String v = cell(rows.get(i).get(c), options.naValues());
      if (v != null && !isNumber(v)) {
        return i;
      }
    }
    return -1;
  }

  /** The rows at {@code idx}, in that order. */
  public Table select(int[] idx) {
    List<CsvRow> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      out.add(rows.get(i));
    }
    checkArgument(!out.isEmpty(), "selecting no row of %s", source);
    return new Table(source, names, out, options);
  }

  @Override
  public String toString() {
    return "Table(" + source + ", " + rows.size() + " rows, columns " + names + ")";
  }
}
