package dev.fastj.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void terminal_redrawsInPlaceWithRateAndEta() {
    ProgressBar bar = new ProgressBar(out, true, now::get, "train 1/2", 100);
    now.addAndGet(2_000_000_000L);
    bar.update(50, "loss 0.5000");
    assertThat(printed()).isEqualTo("\rtrain 1/2 [###############...............] 50/100 25.0 it/s, eta 00:02 "
        + "loss 0.5000");
    bar.close();
    assertThat(printed()).endsWith("\r");
    assertThat(printed()).doesNotContain("\n");
  }

  @Test
  void terminal_drawsAtMostFiveTimesASecond_butAlwaysTheLastStep() {
    ProgressBar bar = new ProgressBar(out, true, now::get, "valid", 10);
    for (int i = 1; i <= 10; i++) {
      now.addAndGet(10_000_000L);
      bar.update(i);
    }
    // the first step draws, then nothing within 200 ms until the last step
    assertThat(printed().split("\r", -1)).hasSize(3);
    assertThat(printed()).contains("10/10");
  }

  @Test
  void pipe_printsALineAtMostEveryTenSeconds() {
    ProgressBar bar = new ProgressBar(out, false, now::get, "get_preds", 1000);
    for (int i = 1; i <= 1000; i++) {
      now.addAndGet(50_000_000L); // 20 steps a second: 50 s in all
      bar.update(i);
    }
    bar.close();
    var lines = printed().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("get_preds [").contains("200/1000 20.0 it/s, eta 00:40");
    assertThat(printed()).doesNotContain("\r");
  }

  @Test
  void pipe_staysQuietForAShortPhase() {
    ProgressBar bar = new ProgressBar(out, false, now::get, "valid 1/1", 30);
    for (int i = 1; i <= 30; i++) {
      now.addAndGet(100_000_000L);
      bar.update(i);
    }
    bar.close();
    assertThat(printed()).isEmpty();
  }

  @Test
  void slowSteps_showSecondsPerStep() {
    ProgressBar bar = new ProgressBar(out, true, now::get, "lr_find", 100);
    now.addAndGet(4_000_000_000L);
    bar.update(2);
    assertThat(printed()).contains("2/100 2.0 s/it, eta 03:16");
  }
}
