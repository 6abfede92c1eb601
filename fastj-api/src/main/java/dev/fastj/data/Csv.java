package dev.fastj.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file (RFC 4180: a header line, double quotes, {@code ""} for a quote inside a
 * quoted cell, CRLF or LF line ends, a UTF-8 byte-order mark ignored) into {@link CsvRow}s: the
 * items of data described by a table, as fastai reads a DataFrame. Parsing is Apache Commons
 * CSV's; every row must have as many cells as the header, and a malformed file fails with its
 * line and column.
 *
 * <pre>{@code
 * DataBlock.of(ImageBlock.create(), MultiCategoryBlock.create())
 *     .getItems(p -> Csv.rows(p.resolve("labels.csv")))
 *     .getX(ColReader.of("image_name").withPrefix(dir.resolve("train")).withSuffix(".jpg"))
 *     .getY(ColReader.of("tags").withLabelDelim(" "));
 * Csv.rows(file, Csv.Options.defaults().withDelimiter(';').withTrim(true));
 * }</pre>
 */
public final class Csv {

  private Csv() {}

  /**
   * How a CSV file is parsed.
   *
   * @param delimiter the cell separator ({@code ','} by default)
   * @param trim whether spaces around a cell (outside quotes) are dropped, as pandas'
   *     {@code skipinitialspace} that fastai's {@code from_csv} sets; false by default
   */
  public record Options(char delimiter, boolean trim) {

    /** Checks the delimiter. */
    public Options {
      checkArgument(delimiter != '"' && delimiter != '\n' && delimiter != '\r',
          "the csv delimiter cannot be a quote or a line break, got '%s'", delimiter);
    }

    /** Comma separated, cells as they are. */
    public static Options defaults() {
      return new Options(',', false);
    }

    /** A copy with cells separated by {@code d} ({@code ';'}, {@code '\t'}...). */
    public Options withDelimiter(char d) {
      return new Options(d, trim);
    }

    /** A copy that drops (or keeps) the spaces around cells. */
    public Options withTrim(boolean t) {
      return new Options(delimiter, t);
    }

    CSVFormat format() {
      return CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true)
          .setIgnoreSurroundingSpaces(trim).get();
    }
  }

  /** The rows of {@code csv} after its header, with {@link Options#defaults()}. */
  public static List<CsvRow> rows(Path csv) {
    return rows(csv, Options.defaults());
  }

  /**
   * The rows of {@code csv} after its header.
   *
   * @throws IllegalArgumentException when the file is empty, a header name repeats, a row has
   *     more or fewer cells than the header, or a quote is not closed; the message names the line
   *     and the column
   * @throws UncheckedIOException when the file cannot be read
   */
  public static List<CsvRow> rows(Path csv, Options options) {
    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return parse(in, csv.toString(), options);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no csv file at " + csv + "; check the path", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read csv " + csv + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses CSV text (a header line, then rows), as {@link #rows(Path, Options)} parses a file;
   * {@code source} names it in errors.
   */
  public static List<CsvRow> parse(String text, String source, Options options) {
    try {
      return parse(new StringReader(text), source, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses one line of cells without a header (a row typed or pasted by a user), in the order of
   * {@code header}, as line 1 of {@code source}.
   *
   * @throws IllegalArgumentException when it has another number of cells than the header, or is
   *     malformed
   */
  public static CsvRow parseLine(String line, List<String> header, String source, Options options) {
    Map<String, Integer> columns = columns(header, source);
    List<CsvRow> rows;
    try {
      rows = records(new StringReader(line), source, options, columns, 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    checkArgument(rows.size() == 1, "%s: expected one csv line, got %s", source, rows.size());
    return rows.get(0);
  }

  private static List<CsvRow> parse(Reader in, String source, Options options) throws IOException {
    return records(in, source, options, null, 1);
  }

  private static Map<String, Integer> columns(List<String> header, String source) {
    Map<String, Integer> columns = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      Integer before = columns.put(header.get(i), i);
      if (before != null) {
        throw new IllegalArgumentException("csv " + source + " has column '" + header.get(i) + "' twice (columns "
            + (before + 1) + " and " + (i + 1) + "); rename one");
      }
    }
    return Map.copyOf(columns);
  }

  /** The records of {@code in}; when {@code columns} is null the first record is the header. */
  private static List<CsvRow> records(Reader in, String source, Options options, Map<String, Integer> columns,
      int firstLine) throws IOException {
    List<String> names = columns == null ? null : names(columns);
    List<CsvRow> rows = new ArrayList<>();
    try (CSVParser p = CSVParser.builder().setReader(in).setFormat(options.format()).get()) {
      long linesBefore = 0;
      java.util.Iterator<CSVRecord> it = p.iterator();
      while (true) {
        CSVRecord r;
        try {
          r = it.hasNext() ? it.next() : null;
        } catch (UncheckedIOException e) {
          throw new IllegalArgumentException("csv " + source + " is malformed after line "
              + (firstLine + linesBefore - 1) + ": " + e.getMessage()
              + "; a quote inside a cell must be doubled (\"\") and the cell quoted", e);
        }
        if (r == null) {
          break;
        }
        int line = (int) (firstLine + linesBefore);
        // a record that is not the last ends with a line break the parser has consumed
        linesBefore = p.getCurrentLineNumber();
        List<String> cells = r.toList();
        if (columns == null) {
          List<String> header = new ArrayList<>(cells);
          header.replaceAll(h -> h.replace("\uFEFF", "").strip());
          columns = columns(header, source);
          names = header;
          continue;
        }
        if (cells.size() != columns.size()) {
          int col = Math.min(cells.size(), columns.size());
          throw new IllegalArgumentException("csv " + source + " line " + line + " has " + cells.size()
              + (cells.size() == 1 ? " cell" : " cells") + " but the header has " + columns.size() + " columns "
              + abbreviate(names) + (cells.size() < columns.size()
                  ? "; column " + (col + 1) + " ('" + names.get(col) + "') is missing"
                  : "; cell " + (col + 1) + " ('" + cells.get(col) + "') has no column")
              + "; fix the row (a cell holding the delimiter must be quoted)");
        }
        rows.add(new CsvRow(line, columns, cells));
      }
    }
    if (columns == null) {
      throw new IllegalArgumentException("csv " + source + " is empty; it needs a header line");
    }
    return rows;
  }

  private static List<String> names(Map<String, Integer> columns) {
    List<String> names = new ArrayList<>(columns.keySet());
    names.sort(java.util.Comparator.comparingInt(columns::get));
    return names;
  }

  private static String abbreviate(List<String> names) {
    return names.size() <= 12 ? names.toString() : names.subList(0, 12) + " and " + (names.size() - 12) + " more";
  }
}
