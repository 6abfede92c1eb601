package dev.fastj.tabular;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.data.Csv;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.metrics.Metrics;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Regression with several targets (mean squared error) and a y_range, on a table made here. */
class RegressionLearningTest {

  /** y1 = 3 x1 + effect(group), y2 = x2 - x1 / 2, plus noise of std 0.1; y1 has std about 3.2. */
  private static Table table(int n, long seed) {
    Random r = new Random(seed);
    double[] effect = {-2, 0, 1, 3};
    StringBuilder csv = new StringBuilder("group,x1,x2,y1,y2\n");
    for (int i = 0; i < n; i++) {
      int g = r.nextInt(4);
      double x1 = r.nextGaussian();
      double x2 = r.nextGaussian();
      csv.append(String.format(Locale.ROOT, "g%d,%.5f,%.5f,%.5f,%.5f%n", g, x1, x2,
          3 * x1 + effect[g] + 0.1 * r.nextGaussian(), x2 - x1 / 2 + 0.1 * r.nextGaussian()));
    }
    return Table.of(Csv.parse(csv.toString(), "made.csv", Csv.Options.defaults()), "made.csv", Table.Options.defaults());
  }

  @Test
  void twoNumericTargets_trainWithMseToASmallError() {
    TabularDataLoaders dls = TabularDataLoaders.fromTable(table(3000, 1), List.of("y1", "y2"), List.of("group"),
        List.of("x1", "x2"), TabularDataLoaders.defaultProcs(), Splitters.random(0.2, 42), 64);
    assertThat(dls.isRegression()).isTrue();
    assertThat(dls.outputCount()).isEqualTo(2);
    try (Learner learn = TabularLearner.builder(dls, TabularConfig.defaults()).metrics(Metrics.rmse()).progress(null)
        .build()) {
      assertThat(learn.loss().describe()).isEqualTo("MSELossFlat");
      learn.fitOneCycle(5, 1e-2);
      double rmse = learn.validate()[1];
      // measured 0.152 over both targets (the noise is 0.1); predicting the means gives about 2.6
      assertThat(rmse).isLessThan(0.3);
      Prediction p = learn.predictItem(java.util.Map.of("group", "g3", "x1", 1.0, "x2", 0.0));
      assertThat(p.probabilities()).hasSize(2);
      assertThat(p.probabilities()[0]).isBetween(5.4f, 6.6f);
      assertThat(p.probabilities()[1]).isBetween(-0.9f, -0.1f);
      assertThat(p.label()).startsWith("[").contains(", ");
    }
  }

  @Test
  void yRange_boundsThePredictions() {
    TabularDataLoaders dls = TabularDataLoaders.fromTable(table(600, 2), List.of("y2"), List.of("group"),
        List.of("x1", "x2"), TabularDataLoaders.defaultProcs(), Splitters.random(0.2, 42), 64);
    try (Learner learn = TabularLearner.builder(dls, TabularConfig.defaults().withYRange(-0.5, 0.5)).progress(null)
        .build()) {
      learn.fitOneCycle(2, 1e-2);
      for (float[] row : learn.getPreds().probabilities()) {
        assertThat(row[0]).isBetween(-0.5f, 0.5f);
      }
    }
  }
}
