package dev.fastj.samples.cli;

import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./fastj predict MODEL FILE...}: the class of each image (or .txt file, for a text model) with an
 * exported model;
 * {@code ./fastj predict MODEL --csv FILE}: one prediction per row of a table, with a tabular model.
 */
@Command(name = "predict",
    description = {"predicts the class of each image with an exported model (the points in pixels of the image, "
        + "for a model of ./fastj train-points; a U-Net: its mask, written as a PNG, and the pixels per code; "
        + "a multi-label model: its tags over the threshold kept in the export, each with its probability; "
        + "a text model of ./fastj train-text: the class of each .txt file), "
        + "or with --csv one prediction per row "
        + "of a table (a tabular model: the training columns by name, other columns ignored)"})
final class PredictCommand implements Runnable {

  @Parameters(index = "0", paramLabel = "MODEL", description = "the exported model (.fastj)")
  Path model;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "FILE", description = "the images")
  List<Path> files;

  @Option(names = "--csv", paramLabel = "FILE", description = "a table to predict row by row (tabular models)")
  Path csv;

  @Option(names = "--json", description = "print the predictions as one JSON object last")
  boolean json;

  @Option(names = "--mask-dir", paramLabel = "DIR", defaultValue = ".", description = "where a segmentation "
      + "model's masks go, as <image>_pred_P.png (grey level = code; default: the current folder)")
  Path maskDir;

  @Override
  public void run() {
    if (csv == null && (files == null || files.isEmpty())) {
      throw new CliException("predict: give the images to predict (FILE...), or --csv FILE for a tabular model");
    }
    if (!Files.isRegularFile(model)) {
      throw new CliException("predict: no model file at " + model + "; export one with ./fastj train --out " + model);
    }
    if (csv != null) {
      if (files != null && !files.isEmpty()) {
        throw new CliException("predict: give images or --csv FILE, not both");
      }
      TabularPredictions.run(model, csv, json);
      return;
    }
    List<Object> preds = new ArrayList<>();
    try (Learner learn = Learner.load(model)) {
      for (Path file : files) {
        Prediction p = learn.predict(file);
        if (p.mask() != null) {
          preds.add(MaskPredictions.write(file, p, learn.vocab(), maskDir));
          continue;
        }
        if (p.points().length > 0) {
          // a point model: the label is the points in pixels of the file
          System.out.printf("%s\t%s%n", file, p.label());
        } else if (p.isMultiLabel()) {
          System.out.printf("%s\t%s%n", file, tags(p));
        } else {
          System.out.printf("%s\t%s\t%.4f%s%n", file, p.label(), p.probability(), topOthers(p));
        }
        preds.add(Results.prediction(file, p));
      }
    }
    if (json) {
      System.out.println(Json.write(Map.of("predictions", preds)));
    }
  }

  /** A multi-label prediction's tags with their probabilities: {@code "Bag 0.9712, Sneaker 0.8104"}. */
  static String tags(Prediction p) {
    StringBuilder sb = new StringBuilder();
    p.labels().forEach((tag, prob) -> sb.append(sb.length() == 0 ? "" : ", ").append(tag)
        .append(String.format(java.util.Locale.ROOT, " %.4f", prob)));
    return sb.length() == 0 ? String.format(java.util.Locale.ROOT, "(no tag over %.2f)", p.threshold()) : sb.toString();
  }

  /** The next most probable classes after the predicted one: {@code "\t(Sandal 0.031, Bag 0.012)"}. */
  static String topOthers(Prediction p) {
    if (p.probabilities().length < 2) {
      return "";
    }
    StringBuilder sb = new StringBuilder("\t(");
    List<Map.Entry<String, Float>> top = p.top(3);
    for (int i = 1; i < top.size(); i++) {
      sb.append(i > 1 ? ", " : "").append(top.get(i).getKey())
          .append(String.format(java.util.Locale.ROOT, " %.4f", top.get(i).getValue()));
    }
    return sb.append(')').toString();
  }
}
