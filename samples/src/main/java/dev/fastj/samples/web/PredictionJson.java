package dev.fastj.samples.web;

import dev.fastj.learner.Prediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A prediction as the command line's {@code --json} and the server's {@code POST /predict} write
 * it: {@code {"label", "index", "probability", "probabilities": {class: p}}} (no probabilities by
 * class when the model has no class names), {@code "points": [[x, y], ...]} in pixels of the
 * image for a point model; a multi-label model's adds {@code "tags": {tag: p}}, the tags over its
 * threshold, most probable first, and {@code "threshold"}. A segmentation model's is {@link #ofMask}.
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
    float[] xy = p.points();
    if (xy.length > 0) {
      List<List<Float>> points = new ArrayList<>();
      for (int i = 0; i + 1 < xy.length; i += 2) {
        points.add(List.of(xy[i], xy[i + 1]));
      }
      m.put("points", points);
    }
    if (p.isMultiLabel()) {
      m.put("tags", p.labels());
      m.put("threshold", p.threshold());
    }
    return m;
  }

  /**
   * A segmentation model's prediction without the mask itself: {@code {"label", "height", "width",
   * "pixels": {code: count}}}, the mask's size and how many of its pixels have each code, codes in order.
   * {@code ./fastj predict --json} adds the PNG it wrote, {@code POST /predict} the PNG in base64.
   */
  public static Map<String, Object> ofMask(Prediction p, List<String> codes) {
    long[] counts = p.mask().counts(codes.size());
    Map<String, Long> pixels = new LinkedHashMap<>();
    for (int c = 0; c < codes.size(); c++) {
      pixels.put(codes.get(c), counts[c]);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", p.label());
    m.put("height", p.mask().height());
    m.put("width", p.mask().width());
    m.put("pixels", pixels);
    return m;
  }

  /**
   * A prediction of one row of a table, as {@code ./fastj predict MODEL --csv FILE --json} writes
   * each row (without its {@code line}) and {@code POST /predict} of a tabular model answers: a
   * classifier's {@link #of(Prediction)}, or {@code {"values": [...]}}, one per target, for a
   * regression (a model without class names).
   */
  public static Map<String, Object> ofRow(Prediction p) {
    if (p.classes().isEmpty()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("values", p.probabilities());
      return m;
    }
    return of(p);
  }
}
