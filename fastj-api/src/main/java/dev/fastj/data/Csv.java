package dev.fastj.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file (RFC 4180: comma separated, double quotes, a header line) into
 * {@link CsvRow}s: the items of data described by a table, as fastai reads a DataFrame.
 *
 * <pre>{@code
 * DataBlock.of(ImageBlock.create(), MultiCategoryBlock.create())
 *     .getItems(Csv::rows)
 *     .getX(ColReader.of("image_name").withPrefix(dir.resolve("train")).withSuffix(".jpg"))
 *     .getY(ColReader.of("tags").withLabelDelim(" "));
 * }</pre>
 */
public final class Csv {

  private Csv() {}

  /** The rows of {@code csv} after its header. */
  public static List<CsvRow> rows(Path csv) {
    String text;
    try {
      text = Files.readString(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read csv " + csv + ": " + e.getMessage(), e);
    }
    List<List<String>> records = parse(text);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("csv " + csv + " is empty; it needs a header line");
    }
    Map<String, Integer> columns = new LinkedHashMap<>();
    List<String> header = records.get(0);
    for (int i = 0; i < header.size(); i++) {
      columns.put(header.get(i).strip(), i);
    }
    List<CsvRow> rows = new ArrayList<>(records.size() - 1);
    for (int r = 1; r < records.size(); r++) {
      rows.add(new CsvRow(r + 1, columns, records.get(r)));
    }
    return rows;
  }

  static List<List<String>> parse(String text) {
    List<List<String>> out = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || cell.length() > 0) {
          row.add(cell.toString());
          out.add(row);
        }
        row = new ArrayList<>();
        cell.setLength(0);
        any = false;
      } else {
        cell.append(c);
        any = true;
      }
    }
    if (any || cell.length() > 0) {
      row.add(cell.toString());
      out.add(row);
    }
    return out;
  }
}
