package dev.fastj.samples.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fastj.data.BatchContext;
import dev.fastj.data.Block;
import dev.fastj.data.TensorData;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.runtime.CompiledGraph;
import dev.fastj.onnx.runtime.OrtTensors;
import dev.fastj.onnx.runtime.SessionConfig;
import dev.fastj.vision.Augment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

/**
 * Where batch augmentation should run ({@code ./fastj bench-augment}): images per second of the
 * geometric resampling of {@code aug_transforms()} done (a) in Java by {@link Augment} on the
 * loader's pool of 2 threads, and (b) inside an ONNX graph, {@code AffineGrid} then
 * {@code GridSample} (bilinear, reflection padding, {@code align_corners=0}, opset 20) on ONNX
 * Runtime's CPU provider with 2 intra-op threads, for batches of 64 images at 28x28x1, 64x64x3
 * and 128x128x3.
 *
 * <p>Both paths do the same work: per image, draw fastai's flip, rotation and zoom in Java
 * ({@link Augment#draw}, perspective warp and lighting off, since {@code AffineGrid} takes only
 * affine matrices) and resample the image through the composed matrix. The ONNX time includes
 * drawing the matrices, creating the input tensors (the image batch wrapped in place, the
 * matrices copied) and the run; the copy of the output back into the batch is timed apart,
 * because a graph fused into the train step would not need it. The Java path is also timed with
 * the full default {@link Augment#transforms()} (perspective warp and lighting on) for context.
 *
 * <p>The two paths alternate batch by batch (the machine may be shared) and each number is the
 * median over the measured batches.
 *
 * <p>Options: {@code --seconds S} per size (default 4), {@code --threads N} (default 2, as the
 * loader), {@code --json} (last line one JSON object).
 */
public final class AugmentBench {

  /** Batch size of every measurement. */
  static final int BATCH = 64;

  private static final int[][] SIZES = {{1, 28, 28}, {3, 64, 64}, {3, 128, 128}};

  private AugmentBench() {}

  /** One measured size: median milliseconds per batch of each path. */
  record Result(int channels, int height, int width, double javaAffineMs, double javaFullMs, double onnxMs,
      double copyBackMs) {

    double perSecond(double ms) {
      return BATCH * 1000.0 / ms;
    }
  }

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws OrtException {
    double seconds = 4;
    int threads = 2;
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, "--seconds"));
        case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
        case "--json" -> json = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; use --seconds S, --threads N, --json");
      }
    }
    if (seconds <= 0 || threads < 1) {
      throw new IllegalArgumentException("--seconds must be positive and --threads 1 or more; got " + seconds
          + ", " + threads);
    }
    System.out.printf(Locale.ROOT, "augmentation of batches of %d, %d threads, %s processors, median per batch%n",
        BATCH, threads, Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%-11s %14s %14s %14s %14s%n", "size", "java affine/s", "onnx affine/s",
        "onnx+copy/s", "java full/s");
    List<Result> results = new ArrayList<>();
    ForkJoinPool pool = new ForkJoinPool(threads);
    try (CompiledGraph graph = CompiledGraph.compile(affineResampleModel(),
        SessionConfig.defaults().withIntraOpThreads(threads))) {
      for (int[] s : SIZES) {
        Result r = measure(graph, pool, s[0], s[1], s[2], seconds);
        results.add(r);
        System.out.printf(Locale.ROOT, "%-11s %14.0f %14.0f %14.0f %14.0f%n", s[1] + "x" + s[2] + "x" + s[0],
            r.perSecond(r.javaAffineMs()), r.perSecond(r.onnxMs()), r.perSecond(r.onnxMs() + r.copyBackMs()),
            r.perSecond(r.javaFullMs()));
      }
    } finally {
      pool.shutdownNow();
    }
    if (json) {
      StringBuilder sb = new StringBuilder("{\"batch\":").append(BATCH).append(",\"threads\":").append(threads)
          .append(",\"results\":[");
      for (int i = 0; i < results.size(); i++) {
        Result r = results.get(i);
        sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
            "{\"size\":\"%dx%dx%d\",\"java_affine_ms\":%.3f,\"onnx_affine_ms\":%.3f,\"onnx_copy_back_ms\":%.3f,"
                + "\"java_full_ms\":%.3f}",
            r.height(), r.width(), r.channels(), r.javaAffineMs(), r.onnxMs(), r.copyBackMs(), r.javaFullMs()));
      }
      System.out.println(sb.append("]}"));
    }
  }

  /**
   * The graph under test: inputs {@code x [N,C,H,W]} and {@code theta [N,2,3]} (normalised
   * output-to-source affine matrices, as {@link Augment.Draw#matrix()}'s first two rows), output
   * {@code y}, the same shape as {@code x}, resampled through {@code AffineGrid} and
   * {@code GridSample} with bilinear interpolation, reflection padding and
   * {@code align_corners=0} (opset 20).
   */
  public static Model affineResampleModel() {
    GraphBuilder b = new GraphBuilder("affine_resample");
    String x = b.input("x", DataType.FLOAT, -1, -1, -1, -1);
    String theta = b.input("theta", DataType.FLOAT, -1, 2, 3);
    String size = b.op("Shape", x);
    String grid = b.op("AffineGrid", List.of(theta, size), Map.of("align_corners", 0L));
    String y = b.op("GridSample", List.of(x, grid),
        Map.of("mode", "linear", "padding_mode", "reflection", "align_corners", 0L));
    b.output(b.identityAs(y, "y"), DataType.FLOAT, -1, -1, -1, -1);
    return new Model(b.build(), Map.of("", 20L), 9, "fastj", "0.1.0", Map.of());
  }

  /**
   * {@code draws}' matrices as the {@code theta [N,2,3]} input, in a new direct buffer; every
   * matrix must be affine (last row 0, 0, 1).
   */
  public static OnnxTensor theta(List<Augment.Draw> draws) throws OrtException {
    FloatBuffer fb = ByteBuffer.allocateDirect(draws.size() * 6 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    for (Augment.Draw d : draws) {
      double[] m = d.matrix();
      if (m[6] != 0 || m[7] != 0 || m[8] != 1) {
        throw new IllegalArgumentException("AffineGrid takes affine matrices only, got " + Arrays.toString(m));
      }
      for (int k = 0; k < 6; k++) {
        fb.put((float) m[k]);
      }
    }
    fb.rewind();
    return OnnxTensor.createTensor(OrtTensors.env(), fb, new long[] {draws.size(), 2, 3});
  }

  /**
   * Resamples {@code batch} ({@code [N,C,H,W]} float) in place through the graph of
   * {@link #affineResampleModel()}, one matrix per image; returns the nanoseconds spent copying
   * the output back into the batch.
   */
  public static long resample(CompiledGraph graph, TensorData batch, List<Augment.Draw> draws) throws OrtException {
    try (OnnxTensor x = OnnxTensor.createTensor(OrtTensors.env(), batch.floats(), batch.shape());
         OnnxTensor theta = theta(draws);
         OrtSession.Result out = graph.run(Map.of("x", x, "theta", theta))) {
      long t0 = System.nanoTime();
      FloatBuffer y = ((OnnxTensor) out.get("y").orElseThrow()).getFloatBuffer();
      batch.floats().put(y);
      return System.nanoTime() - t0;
    }
  }

  /** Times the paths on one size, alternating batch by batch, for about {@code seconds}. */
  static Result measure(CompiledGraph graph, ForkJoinPool pool, int c, int h, int w, double seconds)
      throws OrtException {
    Random data = new Random(42);
    TensorData batch = randomBatch(data, c, h, w);
    List<TensorData> parts = List.of(batch);
    List<Block.Spatial> kinds = List.of(Block.Spatial.IMAGE);
    Augment affine = Augment.transforms().withMaxWarp(0).withMaxLighting(0);
    Augment full = Augment.transforms();
    Random draws = new Random(7);
    List<Double> javaAffine = new ArrayList<>();
    List<Double> javaFull = new ArrayList<>();
    List<Double> onnx = new ArrayList<>();
    List<Double> copy = new ArrayList<>();
    long warmUntil = System.nanoTime() + (long) (Math.min(1.0, seconds / 4) * 1e9);
    long end = warmUntil + (long) (seconds * 1e9);
    boolean warm = true;
    while (true) {
      long now = System.nanoTime();
      if (warm && now >= warmUntil) {
        warm = false;
      } else if (!warm && now >= end && onnx.size() >= 5) {
        break;
      }
      long t0 = System.nanoTime();
      affine.apply(parts, kinds, new BatchContext(true, draws, pool));
      long t1 = System.nanoTime();
      List<Augment.Draw> ds = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        ds.add(affine.draw(draws));
      }
      long copyNs = resample(graph, batch, ds);
      long t2 = System.nanoTime();
      full.apply(parts, kinds, new BatchContext(true, draws, pool));
      long t3 = System.nanoTime();
      if (!warm) {
        javaAffine.add((t1 - t0) / 1e6);
        onnx.add((t2 - t1 - copyNs) / 1e6);
        copy.add(copyNs / 1e6);
        javaFull.add((t3 - t2) / 1e6);
      }
      if (onnx.size() % 16 == 15) {
        // keep the values in the images' range: repeated resampling only smooths them, but refresh anyway
        fill(batch, data);
      }
    }
    return new Result(c, h, w, median(javaAffine), median(javaFull), median(onnx), median(copy));
  }

  /** A batch of {@link #BATCH} images with values uniform in [0, 1). */
  static TensorData randomBatch(Random r, int c, int h, int w) {
    TensorData t = TensorData.zeros(TensorData.DType.FLOAT32, BATCH, c, h, w);
    fill(t, r);
    return t;
  }

  private static void fill(TensorData t, Random r) {
    FloatBuffer fb = t.floats();
    for (int i = 0; i < fb.capacity(); i++) {
      fb.put(i, r.nextFloat());
    }
  }

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
