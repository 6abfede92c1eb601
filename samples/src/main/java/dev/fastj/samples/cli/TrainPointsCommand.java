package dev.fastj.samples.cli;

import dev.fastj.data.ColReader;
import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.web.Json;
import dev.fastj.vision.Arch;
import dev.fastj.vision.Augment;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.PointBlock;
import dev.fastj.vision.Resize;
import dev.fastj.vision.VisionLearner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fastj train-points}: image regression (fastai's head pose) from a CSV of image paths and
 * point coordinates in pixels, to an exported model whose predictions are points in pixels of the
 * image given to {@code ./fastj predict}. The learner is VisionLearner's point head
 * ({@code SigmoidRange(-1, 1)}, MSELossFlat) on the chosen architecture, trained from scratch with
 * fit_one_cycle.
 */
@Command(name = "train-points", sortOptions = false,
    description = {"trains image regression (key points, fastai's head pose) from a CSV with an image column and "
        + "x, y columns in pixels (0 at the left/top edge); images are paths relative to --data. Several points: "
        + "--x-col x0,x1 --y-col y0,y1. ./fastj predict MODEL FILE then prints the points in pixels of FILE"})
final class TrainPointsCommand implements Runnable {

  @Option(names = "--data", paramLabel = "DIR", description = "the folder the CSV's image paths are relative to")
  Path data;

  @Option(names = "--csv", paramLabel = "FILE", defaultValue = "points.csv",
      description = "the CSV, in --data unless a path (default: ${DEFAULT-VALUE})")
  Path csv;

  @Option(names = "--image-col", paramLabel = "NAME", defaultValue = "image",
      description = "column of the image paths (default: ${DEFAULT-VALUE})")
  String imageCol;

  @Option(names = "--x-col", paramLabel = "NAMES", defaultValue = "x", split = ",",
      description = "column(s) of the x coordinates, one per point (default: ${DEFAULT-VALUE})")
  List<String> xCols;

  @Option(names = "--y-col", paramLabel = "NAMES", defaultValue = "y", split = ",",
      description = "column(s) of the y coordinates, one per point (default: ${DEFAULT-VALUE})")
  List<String> yCols;

  @Option(names = "--arch", paramLabel = "NAME", defaultValue = "xresnet-small",
      description = "xresnet-small (default), resnet18 or resnet34")
  String arch;

  @Option(names = "--size", paramLabel = "N", description = "image size in pixels (default: the first image's "
      + "own, up to 128 on the longer side)")
  Integer size;

  @Option(names = "--bs", paramLabel = "N", description = "batch size (default: 64, smaller for a small set)")
  Integer bs;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "5", description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--lr", paramLabel = "X", description = "learning rate (default: chosen by lr_find)")
  Double lr;

  @Option(names = "--valid-pct", paramLabel = "P", defaultValue = "0.2",
      description = "fraction of the rows held out for validation, at random (default: ${DEFAULT-VALUE})")
  double validPct;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seed of the split (default: "
      + "${DEFAULT-VALUE})")
  int seed;

  @Option(names = "--aug", description = "augment training batches with fastai's aug_transforms without flips "
      + "(rotation, zoom, warp, lighting); the points move with the images")
  boolean aug;

  @Option(names = "--flip", description = "with --aug, also flip left to right (only for points that stay what "
      + "they are when mirrored)")
  boolean flip;

  @Option(names = "--out", paramLabel = "MODEL", description = "the file the exported model goes to")
  Path out;

  @Option(names = "--json", description = "print the results as one JSON object last")
  boolean json;

  @Override
  public void run() {
    if (data == null || !Files.isDirectory(data)) {
      throw new CliException("train-points: --data DIR is required and must be a folder" + (data == null ? ""
          : "; " + data + " is not one"));
    }
    if (out == null) {
      throw new CliException("train-points: --out MODEL is required (the file the exported model goes to)");
    }
    if (epochs < 1) {
      throw new CliException("train-points: --epochs must be positive, got " + epochs);
    }
    if (lr != null && !(lr > 0)) {
      throw new CliException("train-points: --lr must be positive, got " + lr);
    }
    if (!(validPct > 0 && validPct < 1)) {
      throw new CliException("train-points: --valid-pct must be between 0 and 1, got " + validPct);
    }
    if (xCols.size() != yCols.size()) {
      throw new CliException("train-points: --x-col names " + xCols.size() + " column(s) " + xCols + " but --y-col "
          + yCols.size() + " " + yCols + "; give one x and one y column per point");
    }
    if (flip && !aug) {
      throw new CliException("train-points: --flip goes with --aug");
    }
    Path table = csv.isAbsolute() || Files.exists(csv) && !Files.exists(data.resolve(csv)) ? csv : data.resolve(csv);
    List<CsvRow> rows = checkedRows(table);
    Path first = data.resolve(rows.get(0).get(imageCol));
    BufferedImage probe = read(first);
    boolean grey = probe.getColorModel().getNumComponents() == 1;
    int h;
    int w;
    if (size != null) {
      if (size < 8) {
        throw new CliException("train-points: --size must be at least 8 pixels, got " + size);
      }
      h = size;
      w = size;
    } else {
      double scale = Math.min(1, 128.0 / Math.max(probe.getWidth(), probe.getHeight()));
      h = (int) Math.round(probe.getHeight() * scale);
      w = (int) Math.round(probe.getWidth() * scale);
    }
    int nTrain = (int) Math.round(rows.size() * (1 - validPct));
    int b = bs != null ? bs : ImageData.defaultBatchSize(nTrain);
    if (b < 1) {
      throw new CliException("train-points: --bs must be positive, got " + b);
    }
    String[] xy = new String[2 * xCols.size()];
    for (int i = 0; i < xCols.size(); i++) {
      xy[2 * i] = xCols.get(i);
      xy[2 * i + 1] = yCols.get(i);
    }
    DataBlock<CsvRow> block = DataBlock.of(grey ? ImageBlock.grey() : ImageBlock.create(), PointBlock.create())
        .getItems(p -> rows)
        .getX(ColReader.of(imageCol).withPrefix(data))
        .getY(PointBlock.columns(xy))
        .splitter(Splitters.random(validPct, seed))
        .itemTfms(Resize.of(h, w).withMethod(Resize.Method.SQUISH));
    Augment a = aug ? Augment.transforms().withDoFlip(flip) : null;
    block = a == null ? block.batchTfms(Normalize.fromData()) : block.batchTfms(a, Normalize.fromData());
    Arch net = ImageData.namedArch(arch);
    try (DataLoaders dls = block.dataloaders(data, b);
        Learner learn = VisionLearner.builder(dls, net).yRange(-1, 1).build()) {
      System.out.printf(Locale.ROOT, "training %s on %d images (%d point(s) each, %dx%d %s), validating on %d%n",
          net.name(), dls.train().itemCount(), xCols.size(), w, h, grey ? "grey" : "colour", dls.valid().itemCount());
      if (lr != null) {
        learn.fitOneCycle(epochs, lr);
      } else {
        learn.fitOneCycle(epochs);
      }
      learn.export(out);
      System.out.println("exported the model to " + out);
      double err = exportedError(dls, out, xy);
      System.out.printf(Locale.ROOT, "mean pixel error on the %d validation images (exported model): %.2f%n",
          dls.valid().itemCount(), err);
      if (json) {
        Map<String, Object> res = Results.training(learn.recorder());
        res.put("mean_pixel_error", err);
        res.put("model", out.toString());
        res.put("points", xCols.size());
        res.put("bs", b);
        System.out.println(Json.write(res));
      }
    }
  }

  /** The rows of the CSV, after checking its columns and that every image it lists exists. */
  private List<CsvRow> checkedRows(Path table) {
    if (!Files.isRegularFile(table)) {
      throw new CliException("train-points: no CSV at " + table + "; give --csv FILE (a path, or a name in --data)");
    }
    List<CsvRow> rows = Csv.rows(table);
    if (rows.isEmpty()) {
      throw new CliException("train-points: " + table + " has no rows; it needs a header and one row per image");
    }
    Map<String, Integer> cols = rows.get(0).columns();
    // in the file's order, as the header reads
    List<String> have = cols.keySet().stream().sorted(java.util.Comparator.comparing(cols::get)).toList();
    List<String[]> wanted = new ArrayList<>();
    wanted.add(new String[] {imageCol, "--image-col"});
    xCols.forEach(c -> wanted.add(new String[] {c, "--x-col"}));
    yCols.forEach(c -> wanted.add(new String[] {c, "--y-col"}));
    for (String[] c : wanted) {
      if (!have.contains(c[0])) {
        throw new CliException("train-points: " + table + " has no column '" + c[0] + "' (" + c[1] + "); its columns "
            + "are " + have + "; name the right one with " + c[1]);
      }
    }
    Set<String> missing = new LinkedHashSet<>();
    for (CsvRow r : rows) {
      Path img = data.resolve(r.get(imageCol));
      if (!Files.isRegularFile(img) && missing.size() < 3) {
        missing.add("line " + r.line() + ": " + r.get(imageCol));
      }
    }
    if (!missing.isEmpty()) {
      throw new CliException("train-points: " + table + " lists images that are not in " + data + " ("
          + String.join(", ", missing) + "); image paths are relative to --data: fix the CSV or --data");
    }
    return rows;
  }

  private static BufferedImage read(Path file) {
    try {
      BufferedImage img = ImageIO.read(file.toFile());
      if (img == null) {
        throw new CliException("train-points: " + file + " is not an image fastj can read");
      }
      return img;
    } catch (IOException e) {
      throw new CliException("train-points: cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Mean distance in pixels of the validation images between the exported model's points and the CSV's. */
  private double exportedError(DataLoaders dls, Path model, String[] xy) {
    List<Path> files = new ArrayList<>();
    List<float[]> truth = new ArrayList<>();
    for (int i = 0; i < dls.valid().itemCount(); i++) {
      CsvRow r = (CsvRow) dls.valid().item(i);
      files.add(data.resolve(r.get(imageCol)));
      truth.add(PointBlock.columns(xy).apply(r));
    }
    double sum = 0;
    int n = 0;
    try (Learner loaded = Learner.load(model)) {
      for (int i = 0; i < files.size(); i += 64) {
        List<Prediction> ps = loaded.predictBatch(files.subList(i, Math.min(files.size(), i + 64)));
        for (Prediction p : ps) {
          float[] got = p.points();
          float[] want = truth.get(n++);
          for (int k = 0; k + 1 < want.length; k += 2) {
            sum += Math.hypot(got[k] - want[k], got[k + 1] - want[k + 1]) / (want.length / 2);
          }
        }
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
