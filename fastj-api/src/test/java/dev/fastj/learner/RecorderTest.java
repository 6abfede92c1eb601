package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.callback.EpochRow;
import dev.fastj.callback.EpochTable;
import dev.fastj.callback.ProgressCallback;
import dev.fastj.data.TensorData;
import dev.fastj.metrics.Metric;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {

  /** Fraction of rows whose largest output is the target class. */
  static final Metric ACCURACY = new Metric() {
    @Override
    public String name() {
      return "accuracy";
    }

    @Override
    public Accumulator newAccumulator() {
      return new Accumulator() {
        long right;
        long total;

        @Override
        public void accumulate(TensorData raw, TensorData target) {
          int n = (int) raw.dim(0);
          int k = (int) raw.dim(1);
          float[] v = raw.toFloatArray();
          long[] t = target.toLongArray();
          for (int r = 0; r < n; r++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
              if (v[r * k + j] > v[r * k + best]) best = j;
            }
            right += best == t[r] ? 1 : 0;
            total++;
          }
        }

        @Override
        public double value() {
          return (double) right / total;
        }
      };
    }
  };

  @Test
  void smoothLoss_isDebiasedMovingAverage() {
    FakeBackend backend = new FakeBackend();
    FakeData data = FakeData.regression(2, 1, 12, 4, 4, 1);
    try (Learner learn = Fixtures.learner(data, backend).build()) {
      double[] script = {1, 2, 3};
      backend.last.lossCurve = h -> script[(int) h.step() - 1];
      learn.fit(1, 1e-3);
      // values from fastai's AvgSmoothLoss (torch.lerp, then / (1 - beta^count))
      assertThat(learn.recorder().losses().get(0)).isCloseTo(1.0, within(1e-12));
      assertThat(learn.recorder().losses().get(1)).isCloseTo(1.5050505050505034, within(1e-12));
      assertThat(learn.recorder().losses().get(2)).isCloseTo(2.0134675554346337, within(1e-12));
      assertThat(learn.recorder().rows().get(0).trainLoss()).isCloseTo(2.0134675554346337, within(1e-12));
      assertThat(learn.recorder().lrs()).containsOnly(1e-3);
      assertThat(learn.recorder().iters()).containsExactly(3L);
    }
  }

  @Test
  void validLoss_isMeanOverItems_andMetricsAccumulate() {
    FakeBackend backend = new FakeBackend();
    // 10 validation items in batches of 4: 4 + 4 + 2
    FakeData data = FakeData.classification(new long[] {3}, 2, 16, 10, 4, 2);
    try (Learner learn = Fixtures.learner(data, backend).metrics(ACCURACY).build()) {
      backend.last.scriptedValidLosses.addAll(List.of(1.0, 2.0, 4.0));
      learn.fit(1, 1e-2);
      EpochRow row = learn.recorder().rows().get(0);
      assertThat(row.validLoss()).isCloseTo((4 * 1.0 + 4 * 2.0 + 2 * 4.0) / 10, within(1e-12));
      assertThat(row.metrics()[0]).isBetween(0.0, 1.0);
      assertThat(learn.recorder().metricNames())
          .containsExactly("epoch", "train_loss", "valid_loss", "accuracy", "time");
    }
  }

  @Test
  void table_isFormattedAsFastaiPrintsIt() {
    List<String> names = List.of("epoch", "train_loss", "valid_loss", "error_rate", "time");
    assertThat(EpochTable.header(names)).isEqualTo("epoch     train_loss  valid_loss  error_rate  time    ");
    EpochRow row = new EpochRow(0, 0.5123456, 0.40123449, new double[] {0.12}, 12.7);
    assertThat(EpochTable.row(names, row)).isEqualTo("0         0.512346    0.401234    0.120000    00:12     ");
    assertThat(EpochTable.formatTime(3725)).isEqualTo("1:02:05");
    assertThat(EpochTable.formatValue(Double.NaN)).isEqualTo("None");
  }

  @Test
  void progress_withoutTerminal_printsHeaderAndOneLinePerEpoch() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FakeData data = FakeData.regression(2, 1, 12, 4, 4, 1);
    try (Learner learn = Learner.builder(data, Fixtures.LINEAR).backend(new FakeBackend())
        .progress(new ProgressCallback(new PrintStream(bytes, true, StandardCharsets.UTF_8), false)).build()) {
      learn.fit(2, 1e-3);
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("epoch     train_loss  valid_loss  time");
    assertThat(lines.get(1)).startsWith("0         ");
    assertThat(lines.get(2)).startsWith("1         ").matches("1 +\\d+\\.\\d{6} +\\d+\\.\\d{6} +00:00 +");
  }

  @Test
  void progress_onTerminal_drawsBarThenRow() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FakeData data = FakeData.regression(2, 1, 12, 4, 4, 1);
    try (Learner learn = Learner.builder(data, Fixtures.LINEAR).backend(new FakeBackend())
        .progress(new ProgressCallback(new PrintStream(bytes, true, StandardCharsets.UTF_8), true)).build()) {
      learn.fit(1, 1e-3);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("\rtrain 1/1 [").contains("3/3").contains("\rvalid 1/1");
    assertThat(out.lines().filter(l -> l.trim().startsWith("0 ")).count()).isEqualTo(1);
  }

  @Test
  void progress_onTerminal_showsOneBarForLrFind_andOneForGetPreds() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FakeData data = FakeData.regression(2, 1, 64, 8, 4, 1);
    try (Learner learn = Learner.builder(data, Fixtures.LINEAR).backend(new FakeBackend())
        .progress(new ProgressCallback(new PrintStream(bytes, true, StandardCharsets.UTF_8), true)).build()) {
      learn.lrFind(1e-5, 1e-1, 20);
      String finder = bytes.toString(StandardCharsets.UTF_8);
      assertThat(finder).contains("\rlr_find [").contains("/20").doesNotContain("train_loss")
          .doesNotContain("valid");
      bytes.reset();
      learn.getPreds();
      assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("\rget_preds [").contains("2/2");
    }
  }

  @Test
  void progress_onTerminal_barShowsRateAndEta() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FakeData data = FakeData.regression(2, 1, 12, 4, 4, 1);
    try (Learner learn = Learner.builder(data, Fixtures.LINEAR).backend(new FakeBackend())
        .progress(new ProgressCallback(new PrintStream(bytes, true, StandardCharsets.UTF_8), true)).build()) {
      learn.fit(1, 1e-3);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).containsPattern("3/3 [0-9.]+ (it/s|s/it), eta 00:00");
  }

  @Test
  void plots_writePngFiles(@TempDir Path dir) throws Exception {
    FakeData data = FakeData.regression(2, 1, 64, 8, 4, 1);
    try (Learner learn = Fixtures.learner(data, new FakeBackend()).build()) {
      learn.fitOneCycle(2, 1e-2);
      learn.recorder().plotLosses(dir.resolve("losses.png"));
      learn.recorder().plotLr(dir.resolve("lr.png"));
      learn.recorder().plotMom(dir.resolve("mom.png"));
      assertThat(learn.recorder().table().lines()).hasSize(3);
    }
    for (String f : List.of("losses.png", "lr.png", "mom.png")) {
      byte[] head = Files.readAllBytes(dir.resolve(f));
      assertThat(head.length).isGreaterThan(1000);
      assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
  }
}
