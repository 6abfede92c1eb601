package dev.fastj.samples.cli;

import dev.fastj.data.BatchTransform;
import dev.fastj.data.ColReader;
import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import dev.fastj.data.DataBlock;
import dev.fastj.data.MultiCategoryBlock;
import dev.fastj.data.Splitter;
import dev.fastj.data.Splitters;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.Resize;
import dev.fastj.vision.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Multi-label images from a CSV, fastai's {@code ImageDataLoaders.from_csv} with a
 * {@code label_delim} (planet): {@code --csv labels.csv [--fn-col COL] [--label-col COL]
 * [--label-delim D] [--folder F] [--suffix S] [--valid-col COL]}, a picocli mixin of
 * {@link ImageData}. Without options the first column names the image and the second holds its
 * tags, space-delimited; images are looked for under {@code DIR/train/} when that folder exists
 * (planet's layout), else under {@code DIR}, with the extension the first row's image turns out to
 * have when the names have none. Every row is checked before training: its image is on disk and it
 * has at least one tag.
 */
final class CsvLabels {

  @Option(names = "--csv", paramLabel = "FILE", description = "a CSV of images and their tags (planet's labels.csv: "
      + "image_name,tags with space-delimited tags): trains a multi-label model; relative to --data unless it exists "
      + "as given")
  Path csv;

  @Option(names = "--fn-col", paramLabel = "COL", description = "the column naming each image (default: the first)")
  String fnCol;

  @Option(names = "--label-col", paramLabel = "COL", description = "the column of tags (default: the second)")
  String labelCol;

  @Option(names = "--label-delim", paramLabel = "D", description = "what separates the tags of a row "
      + "(default: a space)")
  String labelDelim;

  @Option(names = "--folder", paramLabel = "F", description = "the folder under --data the images are in (default: "
      + "train/ when it exists, else --data itself)")
  String folder;

  @Option(names = "--suffix", paramLabel = "S", description = "appended to each image name, such as .jpg (default: "
      + "none when the names have an extension, else the one the first image has on disk)")
  String suffix;

  @Option(names = "--valid-col", paramLabel = "COL", description = "a true/false column marking the validation rows "
      + "(fastai's ColSplitter; default: --valid-pct of the rows at random)")
  String validCol;

  /** The CSV as read and checked: its rows, columns and where the images are. */
  record Table(List<CsvRow> rows, String fnCol, String labelCol, String delim, Path folder, String suffix,
      List<Path> files, String said) {}

  private Table table;

  /** True when --csv was given: the data is multi-label. */
  boolean given() {
    return csv != null;
  }

  /** The names of the options of this mixin that were given, for errors when --csv is missing. */
  List<String> strays() {
    List<String> out = new ArrayList<>();
    if (fnCol != null) out.add("--fn-col");
    if (labelCol != null) out.add("--label-col");
    if (labelDelim != null) out.add("--label-delim");
    if (folder != null) out.add("--folder");
    if (suffix != null) out.add("--suffix");
    if (validCol != null) out.add("--valid-col");
    return out;
  }

  /** Reads and checks the CSV once: columns, every image on disk, no row without tags. */
  Table table(Path data) {
    if (table != null) {
      return table;
    }
    Path file = csv.isAbsolute() || Files.isRegularFile(csv) ? csv : data.resolve(csv);
    if (!Files.isRegularFile(file)) {
      throw new CliException("--csv " + csv + ": no such file (looked at " + file + "); give the CSV of image names "
          + "and tags, such as planet's labels.csv");
    }
    List<CsvRow> rows = Csv.rows(file);
    if (rows.isEmpty()) {
      throw new CliException("--csv " + file + " has a header but no rows; add one row per image");
    }
    List<String> header = rows.get(0).columns().entrySet().stream().sorted(Comparator.comparing(Map.Entry::getValue))
        .map(Map.Entry::getKey).toList();
    if (header.size() < 2 && (fnCol == null || labelCol == null)) {
      throw new CliException("--csv " + file + " has only the column " + header + "; it needs one naming the images "
          + "and one of tags (--fn-col and --label-col)");
    }
    String fn = column(fnCol, header, 0, "--fn-col", file);
    String label = column(labelCol, header, 1, "--label-col", file);
    if (validCol != null) {
      column(validCol, header, -1, "--valid-col", file);
    }
    String delim = labelDelim != null ? labelDelim : " ";
    if (delim.isEmpty()) {
      throw new CliException("--label-delim is empty; give the text between tags, such as ' ' or ';'");
    }
    Path dir = folder != null ? data.resolve(folder) : Files.isDirectory(data.resolve("train")) ? data.resolve("train")
        : data;
    if (!Files.isDirectory(dir)) {
      throw new CliException("--folder " + folder + ": " + dir + " is not a folder; give the folder under --data the "
          + "images are in");
    }
    List<String> said = new ArrayList<>();
    said.add(String.format("%d images of %s in %s, tags in column '%s'", rows.size(), file.getFileName(), dir, label));
    String suff = suffix != null ? suffix : findSuffix(dir, rows.get(0), fn, file, said);
    List<Path> files = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    ColReader tags = ColReader.of(label).withLabelDelim(delim);
    for (CsvRow r : rows) {
      String name = r.get(fn).strip();
      if (name.isEmpty()) {
        throw new CliException(String.format("%s line %d has no image name in column '%s'; fill it in or remove the "
            + "row", file, r.line(), fn));
      }
      Path f = dir.resolve(name + suff);
      if (!Files.isRegularFile(f)) {
        missing.add(f.toString());
      }
      files.add(f);
      if (((List<?>) tags.apply(r)).isEmpty()) {
        throw new CliException(String.format("%s line %d (%s) has no tags in column '%s'; give every image at least "
            + "one tag (separated by '%s') or remove the row", file, r.line(), name, label, delim));
      }
    }
    if (!missing.isEmpty()) {
      throw new CliException(String.format("%d image%s listed in %s %s not on disk, such as %s; fix the names or "
          + "give --folder and --suffix", missing.size(), missing.size() == 1 ? "" : "s", file.getFileName(),
          missing.size() == 1 ? "is" : "are", missing.get(0)));
    }
    table = new Table(rows, fn, label, delim, dir, suff, files, String.join("; ", said));
    return table;
  }

  private static String column(String given, List<String> header, int position, String flag, Path file) {
    if (given == null) {
      return header.get(position);
    }
    if (!header.contains(given)) {
      throw new CliException(flag + " " + given + ": " + file + " has no column '" + given + "'; its columns are "
          + header + "; give " + flag + " one of them");
    }
    return given;
  }

  /** "" when the first image is on disk as named, else the image extension that makes it exist. */
  private static String findSuffix(Path dir, CsvRow first, String fn, Path file, List<String> said) {
    String name = first.get(fn).strip();
    if (Files.isRegularFile(dir.resolve(name))) {
      return "";
    }
    for (String ext : Images.EXTENSIONS) {
      for (String e : List.of("." + ext, "." + ext.toUpperCase(java.util.Locale.ROOT))) {
        if (Files.isRegularFile(dir.resolve(name + e))) {
          said.add("names + '" + e + "' (--suffix to change)");
          return e;
        }
      }
    }
    throw new CliException(String.format("%s line %d names image '%s', but neither %s nor that name with an image "
        + "extension (%s) is there; give --folder (the images' folder under --data) and --suffix (such as .jpg)",
        file, first.line(), name, dir.resolve(name), String.join(", ", Images.EXTENSIONS)));
  }

  /** The multi-label DataBlock over the checked table. */
  DataBlock<CsvRow> block(Path data, boolean grey, int height, int width, double validPct, long seed,
      List<BatchTransform> tfms) {
    Table t = table(data);
    Splitter<? super CsvRow> split = validCol != null ? Splitters.byColumn(validCol) : Splitters.random(validPct, seed);
    return DataBlock.of(grey ? ImageBlock.grey() : ImageBlock.create(),
            MultiCategoryBlock.create().withLabelDelim(t.delim()))
        .getItems(p -> t.rows())
        .getX(ColReader.of(t.fnCol()).withPrefix(t.folder()).withSuffix(t.suffix()))
        .getY(ColReader.of(t.labelCol()).withLabelDelim(t.delim()))
        .splitter(split)
        .itemTfms(Resize.of(height, width))
        .batchTfms(tfms.toArray(new BatchTransform[0]));
  }
}
