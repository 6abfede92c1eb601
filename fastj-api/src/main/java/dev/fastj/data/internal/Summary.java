package dev.fastj.data.internal;

import dev.fastj.data.BatchContext;
import dev.fastj.data.BatchTransform;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataBlockException;
import dev.fastj.data.DataLoader;
import dev.fastj.data.ItemTransform;
import dev.fastj.data.TensorData;
import dev.fastj.data.TransformContext;
import dev.fastj.vision.MaskTensor;
import dev.fastj.vision.PointsTensor;
import dev.fastj.vision.image.ImageReadException;
import dev.fastj.vision.image.ImageTensor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * fastai's {@code DataBlock.summary}: runs every step for one training item (and a batch of up to
 * four), printing what each produced, and on failure prints and rethrows an error naming the step
 * and the item.
 */
public final class Summary {

  /** Receives the set-up steps' reports. */
  @FunctionalInterface
  public interface Log {
    /** A log that drops everything. */
    Log NONE = (step, text) -> { };

    /** Reports that {@code step} produced {@code text}. */
    void step(String step, String text);
  }

  private static final int BATCH = 4;

  private final PrintStream out;

  /** A summary printing to {@code out}. */
  public Summary(PrintStream out) {
    this.out = out;
  }

  /**
   * Runs the steps; {@code prepare} runs getItems, the splitter, the getters and block setup, and
   * {@code pipeline} gives the set-up steps of what it prepared.
   */
  public void run(BiFunction<Path, Log, DataBlock.Prepared> prepare, Function<DataBlock.Prepared, Pipeline> pipeline,
      Path source, long seed) {
    try {
      out.println("Setting up the DataBlock on " + source);
      DataBlock.Prepared p = prepare.apply(source, (step, text) -> out.println("  " + step + ": " + text));
      Pipeline pl = pipeline.apply(p);
      int[] train = p.split().train();
      List<List<Object>> samples = new ArrayList<>();
      List<String> names = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      for (int k = 0; k < train.length && samples.size() < BATCH; k++) {
        boolean first = samples.isEmpty() && skipped.isEmpty();
        String name = DataLoader.nameOf(p.items().get(train[k]));
        try {
          samples.add(sample(pl, p.raw()[train[k]], name, new Random(seed + k), first));
          names.add(name);
        } catch (ImageReadException e) {
          if (first) {
            throw new DataBlockException(pl.blocks().get(0).describe() + " type transform", name, e.getMessage()
                + "; fix or remove the file (loaders skip unreadable files by default)", e);
          }
          skipped.add(name);
        }
      }
      out.println("Collating " + samples.size() + " items: " + names);
      List<TensorData> parts = pl.collate(samples, names);
      out.println("  -> " + shapes(parts));
      out.println("Applying batch transforms");
      BatchContext ctx = new BatchContext(true, new Random(seed), null);
      for (BatchTransform t : pl.batchTfms()) {
        BatchTransform f = t.setup(parts, pl.kinds().subList(0, parts.size()));
        parts = pl.applyBatchTfm(f, parts, ctx);
        out.println("  " + f.describe() + " -> " + shapes(parts));
      }
      if (pl.batchTfms().isEmpty()) {
        out.println("  (none)");
      }
      out.println("Skipped " + skipped.size() + " unreadable items" + (skipped.isEmpty() ? "" : ": " + skipped));
      out.println("Inputs: " + shapes(parts.subList(0, pl.nInp())) + ", targets: "
          + shapes(parts.subList(pl.nInp(), parts.size())));
    } catch (DataBlockException e) {
      out.println("FAILED at step '" + e.step() + "'" + (e.item() == null ? "" : " for item " + e.item()) + ": "
          + e.getMessage().replace("; run DataBlock.summary(source) to see each step", ""));
      throw e;
    }
  }

  private List<Object> sample(Pipeline pl, Object[] raw, String name, Random rnd, boolean print) {
    if (print) {
      out.println("Building one sample from training item " + name);
      for (int b = 0; b < raw.length; b++) {
        out.println("  " + pl.getterNames().get(b) + " -> " + describe(raw[b]));
      }
    }
    List<Object> s = new ArrayList<>();
    for (int b = 0; b < raw.length; b++) {
      s.add(pl.encodeOne(b, raw[b], name));
      if (print) {
        out.println("  " + pl.blocks().get(b).describe() + " type transform -> " + describe(s.get(b))
            + (pl.blocks().get(b).vocab().isEmpty() ? "" : " (" + pl.blocks().get(b).show(s.get(b)) + ")"));
      }
    }
    if (print) {
      out.println("Applying item transforms");
    }
    TransformContext ctx = new TransformContext(true, rnd, name);
    for (ItemTransform t : pl.itemTfms()) {
      s = Pipeline.applyItemTfm(t, s, ctx);
      if (print) {
        out.println("  " + t.describe() + " -> " + s.stream().map(Summary::describe).toList());
      }
    }
    if (print && pl.itemTfms().isEmpty()) {
      out.println("  (none)");
    }
    return s;
  }

  private static String shapes(List<TensorData> parts) {
    return parts.stream().map(t -> t.dtype() + " " + Arrays.toString(t.shape()) + range(t)).toList().toString();
  }

  private static String range(TensorData t) {
    float[] v = t.toFloatArray();
    if (v.length == 0) {
      return "";
    }
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (float f : v) {
      lo = Math.min(lo, f);
      hi = Math.max(hi, f);
    }
    return String.format(" in [%.3g, %.3g]", lo, hi);
  }

  /** A short description of a value in a sample. */
  static String describe(Object v) {
    if (v instanceof ImageTensor t) {
      return "ImageTensor " + t.channels() + "x" + t.height() + "x" + t.width();
    }
    if (v instanceof MaskTensor m) {
      return "MaskTensor " + m.height() + "x" + m.width();
    }
    if (v instanceof PointsTensor p) {
      return "PointsTensor " + Arrays.toString(p.xy()) + " on " + p.height() + "x" + p.width();
    }
    if (v instanceof float[] f) {
      return f.length <= 12 ? Arrays.toString(f) : "float[" + f.length + "]";
    }
    return String.valueOf(v);
  }
}
