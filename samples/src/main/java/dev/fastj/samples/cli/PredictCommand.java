package dev.fastj.samples.cli;

import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./fastj predict MODEL FILE...}: the class of each image with an exported model. */
@Command(name = "predict",
    description = "predicts the class of each image with an exported model")
final class PredictCommand implements Runnable {

  @Parameters(index = "0", paramLabel = "MODEL", description = "the exported model (.fastj)")
  Path model;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "the images")
  List<Path> files;

  @Option(names = "--json", description = "print the predictions as one JSON object last")
  boolean json;

  @Override
  public void run() {
    if (!Files.isRegularFile(model)) {
      throw new CliException("predict: no model file at " + model + "; export one with ./fastj train --out " + model);
    }
    List<Object> preds = new ArrayList<>();
    try (Learner learn = Learner.load(model)) {
      for (Path file : files) {
        Prediction p = learn.predict(file);
        System.out.printf("%s\t%s\t%.4f%s%n", file, p.label(), p.probability(), topOthers(p));
        preds.add(Results.prediction(file, p));
      }
    }
    if (json) {
      System.out.println(Json.write(Map.of("predictions", preds)));
    }
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
