package dev.fastj.samples.web;

import dev.fastj.learner.Prediction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A prediction as the command line's {@code --json} and the server's {@code POST /predict} write
 * it: {@code {"label", "index", "probability", "probabilities": {class: p}}} (no probabilities by
 * class when the model has no class names).
 */
public final class PredictionJson {

  private PredictionJson() {}

  /** The keys in that order. */
  public static Map<String, Object> of(Prediction p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", p.label());
    m.put("index", p.index());
    m.put("probability", p.probability());
    if (!p.classes().isEmpty()) {
      m.put("probabilities", p.probabilitiesByClass());
    }
    return m;
  }
}
