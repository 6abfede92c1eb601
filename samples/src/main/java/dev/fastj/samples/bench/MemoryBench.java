package dev.fastj.samples.bench;

import dev.fastj.callback.Callback;
import dev.fastj.callback.CancelFitException;

import dev.fastj.data.Batch;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.data.TensorData;
import dev.fastj.learner.FitState;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.nn.AdaptiveAvgPool2d;
import dev.fastj.nn.BatchNorm2d;
import dev.fastj.nn.Conv2d;
import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.nn.Flatten;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Module;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.ResBlock;
import dev.fastj.nn.Sequential;
import dev.fastj.onnx.runtime.OnnxTrainableModel;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import dev.fastj.vision.Arch;
import dev.fastj.vision.Datasets;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Resize;
import dev.fastj.vision.VisionLearner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The memory benchmark ({@code ./fastj bench-memory [--steps N] [--json]}): measures the memory
 * goals of DESIGN.md from the process's resident set size in {@code /proc/self/status}.
 *
 * <ol>
 *   <li><b>Train-step soak.</b> A small residual CNN on a fixed synthetic batch of 64 grey 28x28
 *       images runs N train steps (default 10,000) with Adam, with an evaluation step and a
 *       prediction every 100 steps and a state dict every 1,000, as a real fit does. After a
 *       warm-up of N/20 steps the resident size is sampled every N/20 steps (after a GC, so
 *       garbage the collector has not yet reclaimed does not show as growth); the report gives
 *       the size at the end of the warm-up and at the end, the growth in percent (goal: under 5%)
 *       and the backend's count of open native tensors, which must not change.</li>
 *   <li><b>Inference footprint.</b> A small net and a resnet18 are trained briefly on the bundled
 *       Fashion-MNIST subset and exported; a child JVM (same class path) loads each export with
 *       {@link Learner#load(Path)}, predicts a few images, then times 1,000 predictions of one
 *       1x28x28 input (img/s, batch 1), and reports how much its resident size grew, against the
 *       export's file size (goal: under 3x). The child first loads the small model and keeps it
 *       open, so ONNX Runtime's library, thread pools and the JVM's classes are not counted
 *       against the measured model, and trims the native heap before the measured load, so that
 *       memory the warm-up freed is not either; the growth of that first, cold load is reported
 *       as well.</li>
 * </ol>
 *
 * <p>With {@code --json} the last line printed is one JSON object with every number. Linux only:
 * it fails with a clear message where {@code /proc/self/status} does not exist.
 */
public final class MemoryBench {

  private static final int BATCH = 64;
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final String CHILD = "--child-load";
  private static final int PREDICT_WARMUP = 20;
  private static final int PREDICTIONS = 1000;

  private MemoryBench() {}

  /** Runs the benchmark; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(CHILD)) {
      child(args);
      return;
    }
    int steps = 10_000;
    boolean json = false;
    boolean skipInference = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--json" -> json = true;
        case "--no-inference" -> skipInference = true;
        case "--steps" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("bench-memory: --steps needs a value");
          }
          steps = Integer.parseInt(args[++i]);
        }
        default -> throw new IllegalArgumentException("bench-memory: unknown option " + args[i]
            + "; use --steps N, --json, --no-inference");
      }
    }
    if (steps < 20) {
      throw new IllegalArgumentException("bench-memory: --steps must be at least 20, got " + steps);
    }
    rss(); // fails early, with the reason, where /proc is absent
    Map<String, Object> results = new LinkedHashMap<>();
    results.putAll(soak(steps));
    if (!skipInference) {
      results.putAll(inference());
    }
    if (json) {
      System.out.println(toJson(results));
    }
  }

  /** Resident set size (VmRSS) and its peak (VmHWM) in bytes. */
  record Rss(long current, long peak) {}

  /** Reads VmRSS and VmHWM from {@code /proc/self/status}. */
  static Rss rss() {
    if (!Files.isReadable(STATUS)) {
      throw new IllegalStateException("bench-memory reads the resident set size from " + STATUS
          + ", which does not exist here; it runs on Linux only");
    }
    try {
      long cur = -1;
      long peak = -1;
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          cur = kib(line);
        } else if (line.startsWith("VmHWM:")) {
          peak = kib(line);
        }
      }
      if (cur < 0 || peak < 0) {
        throw new IllegalStateException(STATUS + " has no VmRSS or VmHWM line");
      }
      return new Rss(cur, peak);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + STATUS + ": " + e.getMessage(), e);
    }
  }

  /** The value of a line such as {@code VmRSS:   123456 kB}, in bytes. */
  static long kib(String line) {
    String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
    if (parts.length != 2 || !parts[1].equals("kB")) {
      throw new IllegalStateException("unexpected line in " + STATUS + ": " + line);
    }
    return Long.parseLong(parts[0]) * 1024;
  }

  /** RSS after a full GC, so unreachable heap objects and direct buffers are not counted as growth. */
  private static Rss settledRss() {
    System.gc();
    System.runFinalization();
    System.gc();
    return rss();
  }

  private static long directBytes() {
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (b.getName().equals("direct")) {
        return b.getMemoryUsed();
      }
    }
    return -1;
  }

  private static long heapCommitted() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The soak's net: a 3x3 stem and two residual blocks (16, 32, 64 channels), pooling, a linear head. */
  static Module soakNet() {
    return Sequential.of(
        Conv2d.of(1, 16, 3).withPadding(1).withBias(false), BatchNorm2d.of(16), ReLU.create(),
        ResBlock.of(16, 32, 2), ResBlock.of(32, 64, 2),
        AdaptiveAvgPool2d.of(1), Flatten.create(), Linear.of(64, 10));
  }

  /** A batch of 64 Gaussian 1x28x28 images with labels 0-9, the same each run. */
  static Batch syntheticBatch() {
    Random rnd = new Random(0);
    float[] x = new float[BATCH * 28 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    long[] y = new long[BATCH];
    for (int i = 0; i < BATCH; i++) {
      y[i] = rnd.nextInt(10);
    }
    return new Batch(List.of(TensorData.ofFloats(x, BATCH, 1, 28, 28)), List.of(TensorData.ofLongs(y, BATCH)),
        new int[BATCH]);
  }

  private static Map<String, Object> soak(int steps) {
    int every = steps / 20;
    ModelSpec spec = new ModelSpec(soakNet(), new long[] {1, 28, 28}, CrossEntropyLossFlat.create(),
        OptimizerSpec.Adam.defaults(), 0, Device.cpu());
    Batch batch = syntheticBatch();
    List<TensorData> predictInput = List.of(batch.input());
    Map<String, Object> r = new LinkedHashMap<>();
    System.out.printf("train-step soak: %d steps of a small CNN, batch %d of 1x28x28; RSS every %d steps%n", steps,
        BATCH, every);
    System.out.printf("%8s %10s %10s %12s %10s %8s%n", "step", "RSS MiB", "peak MiB", "direct MiB", "heap MiB",
        "tensors");
    long start = System.nanoTime();
    try (TrainableModel m = Backend.get().compile(spec)) {
      Rss warm = null;
      int warmTensors = -1;
      List<Long> samples = new ArrayList<>();
      for (int step = 1; step <= steps; step++) {
        m.trainStep(batch, Hyper.uniform(1, 1e-3, 0.9, 0.01, step), false);
        if (step % 100 == 0) {
          m.evalStep(batch);
          m.predict(predictInput);
        }
        if (step % 1000 == 0) {
          m.stateDict(true);
        }
        if (step % every == 0) {
          Rss now = settledRss();
          int live = liveTensors(m);
          if (warm == null) {
            warm = now;
            warmTensors = live;
          }
          samples.add(now.current());
          System.out.printf("%8d %10.1f %10.1f %12.2f %10.1f %8s%n", step, mib(now.current()), mib(now.peak()),
              mib(directBytes()), mib(heapUsed()), live < 0 ? "-" : String.valueOf(live));
        }
      }
      Rss end = settledRss();
      int endTensors = liveTensors(m);
      double growth = 100.0 * (end.current() - warm.current()) / warm.current();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("soak: RSS %.1f MiB after the %d-step warm-up, %.1f MiB after %d steps: %+.2f%% (goal < 5%%);"
          + " open native tensors %d -> %d; %.0f s%n", mib(warm.current()), every, mib(end.current()), steps, growth,
          warmTensors, endTensors, seconds);
      r.put("soak_steps", steps);
      r.put("soak_warmup_steps", every);
      r.put("soak_rss_warm_bytes", warm.current());
      r.put("soak_rss_end_bytes", end.current());
      r.put("soak_rss_peak_bytes", end.peak());
      r.put("soak_rss_growth_pct", growth);
      r.put("soak_rss_samples_bytes", samples);
      r.put("soak_live_tensors_warm", warmTensors);
      r.put("soak_live_tensors_end", endTensors);
      r.put("soak_seconds", seconds);
      r.put("soak_goal_met", growth < 5.0);
    }
    return r;
  }

  /** The backend's count of open native tensors, or -1 when the backend does not expose one. */
  private static int liveTensors(TrainableModel m) {
    return m instanceof OnnxTrainableModel o ? o.liveTensors() : -1;
  }

  /** Stops a fit after a fixed number of training batches: the export only needs trained weights. */
  private static final class StopAfter implements Callback {
    private final int batches;
    private int seen;

    StopAfter(int batches) {
      this.batches = batches;
    }

    @Override
    public void afterBatch(FitState s) {
      if (++seen >= batches) {
        throw new CancelFitException("bench-memory trains " + batches + " batches only");
      }
    }
  }

  private static Map<String, Object> inference() throws IOException, InterruptedException {
    Path data = Datasets.fashionMnist();
    DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.grandparent("train", "test"))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(28));
    Path dir = Files.createTempDirectory("fastj-bench-memory");
    Map<String, Path> exports = new LinkedHashMap<>();
    try (DataLoaders dls = block.dataloaders(data, BATCH)) {
      for (Arch arch : List.of(Arch.xresnetSmall(), Arch.resnet18())) {
        try (Learner learn = VisionLearner.create(dls, arch)) {
          learn.fitOneCycle(1, 1e-3, new StopAfter(10));
          Path file = dir.resolve(arch.name() + ".fastj");
          learn.export(file);
          exports.put(arch.name(), file);
        }
      }
    }
    List<String> images = new ArrayList<>();
    for (String cls : List.of("Ankle_boot", "Bag", "Trouser", "Sneaker")) {
      List<Path> files = ImageFiles.get(data.resolve("test").resolve(cls));
      if (!files.isEmpty()) {
        images.add(files.get(0).toString());
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(exports.keySet());
    try {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        Path measured = exports.get(name);
        Path other = exports.get(names.get(0));
        Map<String, Long> child = runChild(measured, other, images);
        long size = Files.size(measured);
        long warmGrowth = child.get("after_load") - child.get("before_load");
        long coldGrowth = child.get("cold_after") - child.get("cold_before");
        double ratio = (double) warmGrowth / size;
        long heapGrowth = child.getOrDefault("heap_after", 0L) - child.getOrDefault("heap_before", 0L);
        double predictRate = child.get("predict_per_s_milli") / 1000.0;
        System.out.printf("inference %-14s file %8.2f MiB, RSS +%8.2f MiB after load and %d predictions: %.2fx the"
            + " file (goal < 3x), of which Java heap committed %+.2f MiB; predict %.0f img/s (batch 1, 1x28x28);"
            + " a cold first load (%s, ONNX Runtime included) grew RSS %.2f MiB%n", name, mib(size),
            mib(warmGrowth), images.size() + PREDICT_WARMUP + PREDICTIONS, ratio, mib(heapGrowth), predictRate,
            names.get(0), mib(coldGrowth));
        String key = "inference_" + name.replace('-', '_');
        r.put(key + "_file_bytes", size);
        r.put(key + "_rss_increase_bytes", warmGrowth);
        r.put(key + "_heap_committed_increase_bytes", heapGrowth);
        r.put(key + "_ratio", ratio);
        r.put(key + "_goal_met", ratio < 3.0);
        r.put(key + "_predict_per_s", predictRate);
        r.put(key + "_cold_first_load_rss_increase_bytes", coldGrowth);
      }
    } finally {
      for (Path p : exports.values()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    }
    return r;
  }

  /** Runs {@link #child} in a fresh JVM and parses its {@code key=value} lines. */
  private static Map<String, Long> runChild(Path measured, Path warmup, List<String> images)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), MemoryBench.class.getName(), CHILD,
        measured.toString(), warmup.toString()));
    cmd.addAll(images);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Map<String, Long> values = new LinkedHashMap<>();
    StringBuilder output = new StringBuilder();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.append(line).append('\n');
        int eq = line.indexOf('=');
        if (line.startsWith("mem.") && eq > 0) {
          values.put(line.substring(4, eq), Long.parseLong(line.substring(eq + 1).trim()));
        }
      }
    }
    int code = p.waitFor();
    for (String k : List.of("cold_before", "cold_after", "before_load", "after_load", "predict_per_s_milli")) {
      if (code != 0 || !values.containsKey(k)) {
        throw new IllegalStateException("the inference child JVM failed (exit " + code + "):\n" + output);
      }
    }
    return values;
  }

  /**
   * The child JVM: loads {@code warmup} cold (its RSS growth includes ONNX Runtime's library) and
   * predicts, keeping it open; then, after a GC, loads {@code measured} and predicts the images.
   * Prints {@code mem.KEY=BYTES} lines.
   */
  private static void child(String[] args) {
    Path measured = Path.of(args[1]);
    Path warmup = Path.of(args[2]);
    List<Path> images = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      images.add(Path.of(args[i]));
    }
    System.out.println("mem.cold_before=" + settledRss().current());
    // kept open while the measured model loads: ONNX Runtime's library, its thread pools and the
    // JVM's classes are then already resident, and no freed memory is there to be reused
    Learner w = Learner.load(warmup);
    for (Path img : images) {
      w.predict(img);
    }
    System.out.println("mem.cold_after=" + rss().current());
    settledRss();
    // native memory the warm-up freed (and the collector just released) is no part of the
    // measured model's footprint, whether or not the load trims the heap itself
    trimNativeHeap();
    System.out.println("mem.before_load=" + rss().current());
    System.out.println("mem.heap_before=" + heapCommitted());
    try (Learner learn = Learner.load(measured)) {
      for (Path img : images) {
        Prediction pred = learn.predict(img);
        System.out.println("predicted " + img.getFileName() + " " + pred.label());
      }
      System.out.println("mem.predict_per_s_milli=" + Math.round(1000 * predictRate(learn)));
      System.out.println("mem.after_load=" + settledRss().current());
      System.out.println("mem.heap_after=" + heapCommitted());
    } finally {
      w.close();
    }
  }

  /** The JVM's {@code System.trim_native_heap} (glibc's {@code malloc_trim}), where it has it. */
  private static void trimNativeHeap() {
    try {
      ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "systemTrimNativeHeap", new Object[] {new String[0]}, new String[] {String[].class.getName()});
    } catch (JMException e) {
      System.out.println("could not trim the native heap before the measured load: " + e);
    }
  }

  /**
   * Predictions per second of one 1x28x28 image at a time through {@link Learner#predict(TensorData)}
   * (no image decoding): {@value #PREDICT_WARMUP} untimed, then {@value #PREDICTIONS} timed.
   */
  private static double predictRate(Learner learn) {
    Random rnd = new Random(1);
    float[] x = new float[28 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    TensorData input = TensorData.ofFloats(x, 1, 1, 28, 28);
    for (int i = 0; i < PREDICT_WARMUP; i++) {
      learn.predict(input);
    }
    long start = System.nanoTime();
    for (int i = 0; i < PREDICTIONS; i++) {
      learn.predict(input);
    }
    return PREDICTIONS / ((System.nanoTime() - start) / 1e9);
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  /** One JSON object: numbers, booleans and lists of numbers. */
  static String toJson(Map<String, Object> values) {
    StringBuilder s = new StringBuilder("{");
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (s.length() > 1) {
        s.append(',');
      }
      s.append('"').append(e.getKey()).append("\":").append(jsonValue(e.getValue()));
    }
    return s.append('}').toString();
  }

  private static String jsonValue(Object v) {
    if (v instanceof Double d) {
      return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null";
    }
    if (v instanceof List<?> l) {
      StringBuilder s = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        s.append(i > 0 ? "," : "").append(jsonValue(l.get(i)));
      }
      return s.append(']').toString();
    }
    return String.valueOf(v);
  }
}
