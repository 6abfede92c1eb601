package dev.fastj.samples.cli;

import dev.fastj.learner.Prediction;
import dev.fastj.samples.web.PredictionJson;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./fastj predict} gives for a segmentation model's prediction: the mask written as a PNG
 * whose grey levels are the codes (as the training masks), and a summary of the pixels per code.
 */
final class MaskPredictions {

  private MaskPredictions() {}

  /** The PNG the mask of {@code image} goes to: {@code <dir>/<stem>_pred_P.png}. */
  static Path maskFile(Path dir, Path image) {
    String n = image.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dir.resolve((dot < 0 ? n : n.substring(0, dot)) + "_pred_P.png");
  }

  /**
   * Writes the mask of {@code p} next to the others in {@code dir}, prints one line for it and returns its
   * JSON: {@code file, mask (the PNG)} and {@link PredictionJson#ofMask}.
   */
  static Map<String, Object> write(Path image, Prediction p, List<String> codes, Path dir) {
    Path png = maskFile(dir, image);
    p.mask().writePng(png);
    System.out.printf("%s\t%s\tmask %dx%d in %s%n", image, p.label(), p.mask().width(), p.mask().height(), png);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", image.toString());
    m.put("mask", png.toString());
    m.putAll(PredictionJson.ofMask(p, codes));
    return m;
  }
}
