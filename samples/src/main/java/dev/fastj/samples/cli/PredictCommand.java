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
        System.out.printf("%s\t%s\t%.4f%s%n", file, p.label(), p.probability(), topOthers(p));
        preds.add(Results.prediction(file, p));
      }
    }
    if (a.flag("json")) {
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
