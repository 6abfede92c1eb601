package dev.fastj.samples.bench;

import dev.fastj.data.Csv;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.spi.Device;
import dev.fastj.tabular.Table;
import dev.fastj.tabular.TabularConfig;
import dev.fastj.tabular.TabularDataLoaders;
import dev.fastj.tabular.TabularLearner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code ./fastj bench-tabular}: training rows per second of the default tabular model (fastai's
 * TabularModel: an embedding per categorical column, BatchNorm on the continuous ones, layers
 * [200, 100]) on a table of 20,000 rows made here (8 categorical columns of 3 to 200 classes, 6
 * continuous), at batch 64 and 1024, through the whole Learner (TabularDataLoaders batches,
 * fit_one_cycle, Adam), against the same model in PyTorch (the bundled torch_tabular.py: fastai's
 * Adam and schedule, batches gathered from tensors in memory, as fastai's TabDataLoader). Each
 * side runs in its own process, one after the other (fastj, PyTorch, fastj, PyTorch...), times
 * {@code epochs} epochs after one warm-up epoch, and the report gives the median of the pairwise
 * ratios with their spread: these machines are shared and noisy. Both sides use {@code --threads}
 * threads (2 by default), and neither side's idle threads spin.
 */
public final class TabularBench {

  /** Classes of the categorical columns (before Categorify's #na#). */
  static final int[] CARDS = {3, 5, 8, 10, 20, 50, 100, 200};
  static final int CONT = 6;

  private TabularBench() {}

  /**
   * {@code [--pairs N] [--epochs E] [--rows R] [--threads T] [--json]}, or {@code --worker BS EPOCHS ROWS THREADS} (one
   * fastj measurement, printed as JSON, in a child JVM).
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--worker")) {
      double r = fastjRowsPerSecond(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]));
      System.out.println("{\"rows_per_s\": " + r + "}");
      return;
    }
    int pairs = BenchProcess.intArg(args, "--pairs", 3);
    int epochs = BenchProcess.intArg(args, "--epochs", 2);
    int rows = BenchProcess.intArg(args, "--rows", 20_000);
    int threads = BenchProcess.intArg(args, "--threads", 2);
    boolean json = Arrays.asList(args).contains("--json");
    String python = TorchBaseline.findPython();
    Path script = python == null ? null : BenchProcess.script(TabularBench.class, "torch_tabular.py");
    Map<String, Object> results = new LinkedHashMap<>();
    System.out.printf("tabular training, %d rows, categorical classes %s, %d continuous, layers [200, 100], "
        + "%d timed epochs after 1 warm-up, %d pairs, %d threads each%n", rows, Arrays.toString(CARDS), CONT, epochs,
        pairs, threads);
    System.out.printf("%-6s %-34s %-34s %s%n", "batch", "fastj rows/s (each run)", "PyTorch rows/s (each run)",
        "fastj/PyTorch median [min, max]");
    for (int bs : new int[] {64, 1024}) {
      List<Double> fj = new ArrayList<>();
      List<Double> pt = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        fj.add(BenchProcess.number(List.of(BenchProcess.javaBin(), "-cp", System.getProperty("java.class.path"),
            TabularBench.class.getName(), "--worker", Integer.toString(bs), Integer.toString(epochs), Integer.toString(rows),
            Integer.toString(threads)), "rows_per_s"));
        if (python != null) {
          pt.add(BenchProcess.number(List.of(python, script.toString(), "bench", "--cards", cardsWithNa(), "--cont",
              Integer.toString(CONT), "--rows", Integer.toString(rows), "--bs", Integer.toString(bs), "--epochs",
              Integer.toString(epochs), "--threads", Integer.toString(threads)), "rows_per_s"));
          ratios.add(fj.get(i) / pt.get(i));
        }
      }
      List<Double> sorted = ratios.stream().sorted().toList();
      String ratio = sorted.isEmpty() ? "no PyTorch (python3 with torch not found)"
          : String.format(Locale.ROOT, "%.2fx [%.2f, %.2f]", BenchProcess.median(sorted), sorted.get(0),
              sorted.get(sorted.size() - 1));
      System.out.printf("%-6d %-34s %-34s %s%n", bs, join(fj), join(pt), ratio);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("fastj_rows_per_s", fj);
      r.put("torch_rows_per_s", pt);
      r.put("ratios", ratios);
      if (!sorted.isEmpty()) {
        r.put("ratio_median", BenchProcess.median(sorted));
      }
      r.put("fastj_seconds_per_epoch", rows / BenchProcess.median(fj.stream().sorted().toList()));
      results.put("bs" + bs, r);
    }
    BenchProcess.deleteScript(script);
    if (json) {
      System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(results));
    }
  }

  /** Training rows per second of fastj's default tabular learner, in this process. */
  static double fastjRowsPerSecond(int bs, int epochs, int rows, int threads) {
    // 64 validation rows: the fit validates each epoch, as fastai's does, at almost no cost
    TabularDataLoaders dls = TabularDataLoaders.fromTable(table(rows + 64), List.of("y"), catNames(), contNames(),
        TabularDataLoaders.defaultProcs(), Splitters.byIndex(IntStream.range(rows, rows + 64).boxed().toList()), bs);
    try (Learner learn = TabularLearner.builder(dls, TabularConfig.defaults()).device(Device.cpu(threads))
        .progress(null).build()) {
      learn.fitOneCycle(1, 1e-2);
      long t0 = System.nanoTime();
      learn.fitOneCycle(epochs, 1e-2);
      double s = (System.nanoTime() - t0) / 1e9;
      return (double) epochs * (rows / bs) * bs / s;
    }
  }

  static Table table(int n) {
    Random r = new Random(0);
    StringBuilder csv = new StringBuilder();
    List<String> header = new ArrayList<>(catNames());
    header.addAll(contNames());
    header.add("y");
    csv.append(String.join(",", header)).append('\n');
    for (int i = 0; i < n; i++) {
      for (int c : CARDS) {
        csv.append('v').append(r.nextInt(c)).append(',');
      }
      for (int j = 0; j < CONT; j++) {
        csv.append(String.format(Locale.ROOT, "%.4f", r.nextGaussian())).append(',');
      }
      csv.append(r.nextBoolean() ? "a" : "b").append('\n');
    }
    return Table.of(Csv.parse(csv.toString(), "bench table", Csv.Options.defaults()), "bench table",
        Table.Options.defaults());
  }

  private static List<String> catNames() {
    return IntStream.range(0, CARDS.length).mapToObj(i -> "c" + i).toList();
  }

  private static List<String> contNames() {
    return IntStream.range(0, CONT).mapToObj(j -> "x" + j).toList();
  }

  /** The classes Categorify gives each column: its values and #na#, which PyTorch's side embeds alike. */
  private static String cardsWithNa() {
    return Arrays.stream(CARDS).mapToObj(c -> Integer.toString(c + 1)).collect(Collectors.joining(","));
  }

  private static String join(List<Double> v) {
    return v.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).collect(Collectors.joining(" "));
  }
}
