package dev.fastj.samples.cli;

import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ./fastj predict MODEL FILE...}: the class of each image with an exported model. */
final class PredictCommand {

  private PredictCommand() {}

  static void run(String[] argv) {
    Args a = Args.parse("predict", argv, Set.of(), Set.of("json"));
    List<String> pos = a.positional();
    if (pos.size() < 2) {
      throw new CliException("predict: give the exported model and at least one image: ./fastj predict MODEL FILE...");
    }
    Path model = Path.of(pos.get(0));
    if (!Files.isRegularFile(model)) {
      throw new CliException("predict: no model file at " + model + "; export one with ./fastj train --out " + model);
    }
    List<Object> preds = new ArrayList<>();
    try (Learner learn = Learner.load(model)) {
      for (String f : pos.subList(1, pos.size())) {
        Path file = Path.of(f);
        Prediction p = learn.predict(file);
        System.out.printf("%s\t%s\t%.4f%n", file, p.label(), p.probability());
        preds.add(Results.prediction(file, p));
      }
    }
    if (a.flag("json")) {
      System.out.println(Json.write(Map.of("predictions", preds)));
    }
  }
}
