package dev.fastj.samples.cli;

import dev.fastj.callback.EpochRow;
import dev.fastj.callback.Recorder;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.web.PredictionJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a training run and predictions into the maps that --json prints. */
final class Results {

  private Results() {}

  /** The per-epoch rows and the last epoch's metrics, keyed by fastai's column names. */
  static Map<String, Object> training(Recorder r) {
    Map<String, Object> out = new LinkedHashMap<>();
    // fastai's metric_names are the table's columns: epoch, train_loss, valid_loss, metrics..., time
    List<String> names = r.metricNames().stream()
        .filter(n -> !List.of("epoch", "train_loss", "valid_loss", "time").contains(n)).toList();
    List<Object> epochs = new ArrayList<>();
    for (EpochRow row : r.rows()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("epoch", row.epoch());
      e.put("train_loss", row.trainLoss());
      e.put("valid_loss", row.validLoss());
      double[] m = row.metrics();
      for (int i = 0; i < m.length && i < names.size(); i++) {
        e.put(names.get(i), m[i]);
      }
      e.put("time", row.seconds());
      epochs.add(e);
    }
    out.put("epochs", epochs);
    if (!r.rows().isEmpty()) {
      EpochRow last = r.rows().get(r.rows().size() - 1);
      out.put("train_loss", last.trainLoss());
      out.put("valid_loss", last.validLoss());
      double[] m = last.metrics();
      for (int i = 0; i < m.length && i < names.size(); i++) {
        out.put(names.get(i), m[i]);
      }
    }
    return out;
  }

  /** One prediction as {file, label, index, probability, probabilities: {class: p}}. */
  static Map<String, Object> prediction(Path file, Prediction p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file.toString());
    m.putAll(PredictionJson.of(p));
    return m;
  }
}
