package dev.fastj.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.samples.TinyFashion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator's percentiles, and a short run of its table against the tiny model. */
class ServeBenchTest {

  @Test
  void percentile_isTheNearestRank() {
    long[] v = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    assertThat(ServeBench.percentile(v, 0.5)).isEqualTo(50);
    assertThat(ServeBench.percentile(v, 0.99)).isEqualTo(100);
    assertThat(ServeBench.percentile(new long[] {7}, 0.99)).isEqualTo(7);
    assertThat(ServeBench.percentile(new long[0], 0.5)).isNaN();
  }

  @Test
  void aShortRun_measuresBothModesWithoutErrors() {
    List<ServeBench.Row> rows = ServeBench.run(TinyFashion.model(), TinyFashion.testImages(4), new int[] {1, 4}, 0.3, 0.1, 2);
    assertThat(rows).extracting(ServeBench.Row::mode).containsExactly("batched", "one-at-a-time", "batched",
        "one-at-a-time");
    for (ServeBench.Row r : rows) {
      assertThat(r.errors()).isZero();
      assertThat(r.requests()).isPositive();
      assertThat(r.p99Ms()).isGreaterThanOrEqualTo(r.p50Ms());
    }
    assertThat(rows.get(1).meanBatch()).isEqualTo(1.0);
    assertThat(rows.get(0).ratio()).isBetween(rows.get(0).ratioMin(), rows.get(0).ratioMax());
    assertThat(ServeBench.json(rows)).containsKeys("rows", "clients");
  }
}
