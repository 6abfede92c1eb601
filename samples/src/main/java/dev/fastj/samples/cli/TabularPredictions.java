package dev.fastj.samples.cli;

import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.learner.Preds;
import dev.fastj.samples.web.Json;
import dev.fastj.samples.web.PredictionJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./fastj predict MODEL --csv FILE}: fastai's {@code get_preds(dl=test_dl(df))} with a
 * loaded tabular model, printed one row per line ({@code line<TAB>label<TAB>probability}, or the
 * values of a regression) and, with {@code --json}, as a list of predictions.
 */
final class TabularPredictions {

  private TabularPredictions() {}

  static void run(Path model, Path csv, boolean json) {
    if (!Files.isRegularFile(csv)) {
      throw new CliException("predict: no csv file at " + csv);
    }
    List<CsvRow> rows = Csv.rows(csv, Csv.Options.defaults().withTrim(true));
    if (rows.isEmpty()) {
      throw new CliException("predict: " + csv + " has a header but no row");
    }
    List<Object> out = new ArrayList<>();
    try (Learner learn = Learner.load(model)) {
      Preds preds = learn.getPreds(learn.testDl(rows));
      List<String> vocab = learn.vocab();
      for (int i = 0; i < preds.size(); i++) {
        float[] p = preds.probabilities()[i];
        int line = rows.get(preds.itemIndices()[i]).line();
        int best = 0;
        for (int k = 1; k < p.length; k++) {
          best = p[k] > p[best] ? k : best;
        }
        Prediction pr = vocab.isEmpty() ? new Prediction(values(p), best, p)
            : new Prediction(vocab.get(best), best, p, vocab);
        if (vocab.isEmpty()) {
          System.out.printf("%d\t%s%n", line, pr.label());
        } else {
          System.out.printf("%d\t%s\t%.4f%s%n", line, pr.label(), pr.probability(), PredictCommand.topOthers(pr));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", line);
        m.putAll(PredictionJson.ofRow(pr));
        out.add(m);
      }
    }
    if (json) {
      System.out.println(Json.write(Map.of("predictions", out)));
    }
  }

  private static String values(float[] v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : "\t").append(String.format(Locale.ROOT, "%.6g", v[i]));
    }
    return sb.toString();
  }
}
