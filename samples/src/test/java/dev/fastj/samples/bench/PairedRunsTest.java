package dev.fastj.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alternation and the ratio arithmetic of {@link TrainStepBench}, without timing anything. */
class PairedRunsTest {

  private static PairedRuns.Side side(String name, List<String> order, double... ms) {
    Iterator<Double> it = java.util.Arrays.stream(ms).boxed().iterator();
    return () -> {
      order.add(name);
      return new PairedRuns.Run(it.next(), 1, 5);
    };
  }

  @Test
  void alternate_runsTheSidesInTurn_andRatiosArePerPairSpeedOfAOverB() throws Exception {
    List<String> order = new ArrayList<>();
    // A: 100, 200, 50 ms; B: 150, 100, 100 ms -> A's speed over B's per pair: 1.5, 0.5, 2.0
    PairedRuns.Pairs p = PairedRuns.alternate(3, side("a", order, 100, 200, 50), side("b", order, 150, 100, 100));
    assertThat(order).containsExactly("a", "b", "a", "b", "a", "b");
    assertThat(p.ratios()).containsExactly(1.5, 0.5, 2.0);
    // the median of the per-pair ratios, not the ratio of the medians (100 / 100 = 1.0)
    assertThat(p.ratio()).isEqualTo(new PairedRuns.Spread(1.5, 0.5, 2.0));
    assertThat(p.aMs()).isEqualTo(new PairedRuns.Spread(100, 50, 200));
    assertThat(p.bMs().median()).isEqualTo(100);
    // every fake run took 1 CPU-ms
    assertThat(p.cpuRatio()).isEqualTo(new PairedRuns.Spread(1, 1, 1));
    PairedRuns.Pairs cpu = new PairedRuns.Pairs(List.of(new PairedRuns.Run(9, 40, 5), new PairedRuns.Run(9, 50, 5)),
        List.of(new PairedRuns.Run(9, 60, 5), new PairedRuns.Run(9, 50, 5)));
    assertThat(cpu.cpuRatios()).containsExactly(1.5, 1.0);
    assertThat(new PairedRuns.Pairs(List.of(new PairedRuns.Run(9, 0, 5)), List.of(new PairedRuns.Run(9, 5, 5)))
        .cpuRatio()).isNull();
  }

  @Test
  void withoutASideB_onlyARuns_andThereIsNoRatio() throws Exception {
    List<String> order = new ArrayList<>();
    PairedRuns.Pairs p = PairedRuns.alternate(2, side("a", order, 10, 30), null);
    assertThat(order).containsExactly("a", "a");
    assertThat(p.ratios()).isEmpty();
    assertThat(p.ratio()).isNull();
    assertThat(p.bMs()).isNull();
    assertThat(p.aMs().median()).isEqualTo(20);
  }

  @Test
  void spread_ofAnEvenCountIsTheMeanOfTheMiddleTwo_andBadInputIsRefused() {
    assertThat(PairedRuns.Spread.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(new PairedRuns.Spread(2.5, 1, 4));
    assertThatThrownBy(() -> PairedRuns.Spread.of(List.of())).hasMessageContaining("no values");
    assertThatThrownBy(() -> PairedRuns.alternate(0, () -> null, null)).hasMessageContaining(
        "--pairs must be at least 1, got 0");
    assertThatThrownBy(() -> new PairedRuns.Run(0, 0, 1)).hasMessageContaining("positive and finite, got 0.0");
    assertThatThrownBy(() -> new PairedRuns.Pairs(List.of(new PairedRuns.Run(1, 1, 1)), List.of(
        new PairedRuns.Run(1, 1, 1), new PairedRuns.Run(2, 1, 1)))).hasMessageContaining("side B has 2 runs for side A's 1");
  }

  @Test
  void report_jsonKeepsTheHeadlineKeys_fromTheMedianRatios() throws Exception {
    TrainStepBench.Options o = TrainStepBench.Options.parse(new String[] {"--threads", "2", "--pairs", "3"});
    Map<StepCase, PairedRuns.Pairs> results = new java.util.LinkedHashMap<>();
    Map<StepCase, FlopCounter.Count> flops = new java.util.LinkedHashMap<>();
    List<String> order = new ArrayList<>();
    for (StepCase c : StepCase.values()) {
      // fastj 100, 200, 100 ms; PyTorch 50, 100, 300 ms: ratios 0.5, 0.5, 3.0
      results.put(c, PairedRuns.alternate(3, side("a", order, 100, 200, 100), side("b", order, 50, 100, 300)));
      flops.put(c, new FlopCounter.Count(2_000_000_000L, Map.of("Conv", 2_000_000_000L), List.of()));
    }
    BenchReport r = new BenchReport(o, flops, results, "1.00 0.50 0.25 1/100 42", "2.00 1.00 0.50 1/100 43");
    String json = r.json();
    assertThat(json).contains("\"ratio_vs_torch\":0.500", "\"ratio_min\":0.500", "\"ratio_max\":3.000",
        "\"ratio_resnet_64\":0.500", "\"inference_ratio_vs_torch\":0.500", "\"inference_ratio_batch1\":0.500",
        "\"threads\":2", "\"pairs\":3", "\"resnet_32_items_per_s\":640.00", "\"torch_resnet_32_step_ms\":100.000",
        // 2 GFLOP in fastj's median 100 ms
        "\"resnet_32_gflops\":20.00", "\"load_before\":\"1.00 0.50 0.25 1/100 42\"",
        // 2 GFLOP in the 1 CPU-ms of each fake run, and the same share of the equally fast fake roof
        "\"resnet_32_gflop_per_cpu_s\":2000.00", "\"ratio_resnet_32_cpu\":1.000");
    assertThat(json).startsWith("{").endsWith("}").doesNotContain("\n");
    String table = r.table();
    assertThat(table).contains("resnet_32 train", "0.50x [0.50, 3.00]", "load average before: 1.00 0.50 0.25",
        "resnet_32            fastj   20.0 2000.0  100%");
    // a run too short for the process CPU clock gives null, not NaN, in the JSON
    results.put(StepCase.MLP, new PairedRuns.Pairs(List.of(new PairedRuns.Run(5, 0, 3)), List.of()));
    assertThat(new BenchReport(o, flops, results, "", "").json()).contains("\"mlp_gflop_per_cpu_s\":null");
    // against another fastj build, side B is "base" and the keys that name PyTorch are left out
    TrainStepBench.Options versus = TrainStepBench.Options.parse(new String[] {"--versus", "before.jar"});
    String vs = new BenchReport(versus, flops, results, "", "").json();
    assertThat(vs).contains("\"side_b\":\"base\"", "\"base_resnet_32_step_ms\":100.000", "\"ratio_resnet_32\":0.500")
        .doesNotContain("torch", "ratio_vs_torch");
    assertThat(new BenchReport(versus, flops, results, "", "").table()).contains("fastj/base [min, max]");
  }

  @Test
  void help_listsEveryOption_andBadOptionsAreNamed() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      TrainStepBench.main(new String[] {"--help"});
    } finally {
      System.setOut(old);
    }
    String help = buf.toString(StandardCharsets.UTF_8);
    for (String opt : List.of("--pairs", "--threads", "--seconds", "--steps", "--cases", "--no-torch", "--fp16",
        "--cuda", "--deterministic", "--profile", "--json")) {
      assertThat(help).contains(opt);
    }
    assertThat(help).contains("resnet_32, resnet_64, mlp, infer_64, infer_1, sgemm_2048");
    assertThatThrownBy(() -> TrainStepBench.Options.parse(new String[] {"--fast"}))
        .hasMessage("unknown option --fast; run with --help for the options");
    assertThatThrownBy(() -> TrainStepBench.Options.parse(new String[] {"--pairs", "x"}))
        .hasMessage("--pairs takes a whole number, got x");
    assertThatThrownBy(() -> TrainStepBench.Options.parse(new String[] {"--cases", "resnet_99"}))
        .hasMessageContaining("unknown bench case resnet_99");
    TrainStepBench.Options o = TrainStepBench.Options.parse(new String[] {"--cases", "mlp, infer_1", "--fp16"});
    assertThat(o.cases()).containsExactly(StepCase.MLP, StepCase.INFER_1);
    assertThat(o.pairs()).isEqualTo(3);
    assertThat(o.side().threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(o.workerArgs(StepCase.MLP)).containsExactly("--worker", "mlp", "--threads",
        String.valueOf(Runtime.getRuntime().availableProcessors()), "--seconds", "3.0", "--steps", "0", "--fp16");
    assertThat(TrainStepBench.parseRun("x\n{\"step_ms\": 12.5, \"cpu_ms\": 20.25, \"steps\": 7}\n", List.of("w")))
        .isEqualTo(new PairedRuns.Run(12.5, 20.25, 7));
  }
}
