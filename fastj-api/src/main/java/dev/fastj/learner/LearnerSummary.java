package dev.fastj.learner;

import dev.fastj.callback.Callback;
import dev.fastj.data.InputSpec;
import dev.fastj.nn.Loss;
import dev.fastj.nn.Module;
import dev.fastj.nn.Sequential;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.ParamInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text of fastai's {@code learn.summary()}: one row per layer (the leaves of nested
 * {@code Sequential}s) with its type, parameter count and whether it trains ({@code Partly} for
 * a layer such as a ConvLayer whose convolution is frozen but whose BatchNorm trains), the output shape
 * printed above each layer whose output shape changes, then the totals, the optimizer, the loss,
 * the freezing state and the callbacks.
 */
final class LearnerSummary {

  private static final String RULE = "=".repeat(76);

  private final List<ParamInfo> params;
  private final boolean[] trainable;
  private final Map<String, long[]> shapes;
  private final long batchSize;
  private final StringBuilder rows = new StringBuilder();
  private String lastShape = "";

  private LearnerSummary(List<ParamInfo> params, boolean[] trainable, Map<String, long[]> shapes, long batchSize) {
    this.params = params;
    this.trainable = trainable;
    this.shapes = shapes;
    this.batchSize = batchSize;
  }

  /** The summary of {@code module} compiled with {@code params}, of which {@code trainable} train now. */
  static String of(Module module, List<InputSpec> inputs, long batchSize, List<ParamInfo> params, boolean[] trainable,
      Map<String, long[]> shapes, OptimizerSpec optimizer, Loss loss, int frozenIdx, List<Callback> callbacks) {
    LearnerSummary s = new LearnerSummary(params, trainable, shapes, batchSize);
    s.walk(module, "");
    StringBuilder out = new StringBuilder();
    List<String> shown = new ArrayList<>();
    for (InputSpec spec : inputs) {
      long[] inputShape = spec.shape();
      long[] in = new long[inputShape.length + 1];
      in[0] = batchSize;
      System.arraycopy(inputShape, 0, in, 1, inputShape.length);
      shown.add(dims(in) + (inputs.size() > 1 ? " " + spec.name() + " " + spec.dtype().name().toLowerCase(Locale.ROOT)
          : ""));
    }
    out.append(module.getClass().getSimpleName()).append(" (Input shape: ").append(String.join(", ", shown))
        .append(")\n");
    out.append(RULE).append('\n');
    out.append(String.format(Locale.ROOT, "%-20s %-20s %-10s %-10s%n", "Layer (type)", "Output Shape", "Param #",
        "Trainable"));
    out.append(RULE).append('\n');
    out.append(s.rows);
    long total = 0;
    long train = 0;
    for (int i = 0; i < params.size(); i++) {
      long n = numel(params.get(i).shape());
      total += n;
      train += trainable[i] ? n : 0;
    }
    out.append(RULE).append('\n');
    out.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
    out.append(String.format(Locale.ROOT, "Total trainable params: %,d%n", train));
    out.append(String.format(Locale.ROOT, "Total non-trainable params: %,d%n%n", total - train));
    out.append("Optimizer used: ").append(optimizer).append('\n');
    out.append("Loss function: ").append(loss.describe()).append("\n\n");
    out.append(frozenIdx > 0 ? "Model frozen up to parameter group #" + frozenIdx : "Model unfrozen").append("\n\n");
    out.append("Callbacks:\n");
    for (Callback cb : callbacks) {
      out.append("  - ").append(cb.getClass().getSimpleName()).append('\n');
    }
    return out.toString();
  }

  private void walk(Module m, String scope) {
    if (m instanceof Sequential seq) {
      for (int i = 0; i < seq.size(); i++) {
        walk(seq.get(i), scope.isEmpty() ? Integer.toString(i) : scope + "." + i);
      }
      return;
    }
    long[] shape = shapes.get(scope);
    String shown = shape == null ? "" : dims(withBatch(shape));
    if (!shown.isEmpty() && !shown.equals(lastShape)) {
      rows.append(String.format(Locale.ROOT, "%-20s %-20s%n", "", shown));
      lastShape = shown;
    }
    long count = 0;
    boolean anyTrainable = false;
    boolean anyFrozen = false;
    String prefix = scope.isEmpty() ? "" : scope + ".";
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).name().startsWith(prefix)) {
        count += numel(params.get(i).shape());
        anyTrainable |= trainable[i];
        anyFrozen |= !trainable[i];
      }
    }
    rows.append(String.format(Locale.ROOT, "%-20s %-20s %-10s %-10s%n", m.getClass().getSimpleName(), "",
        count == 0 ? "" : Long.toString(count), count == 0 ? "" : !anyFrozen ? "True" : anyTrainable ? "Partly" : "False"));
  }

  private long[] withBatch(long[] shape) {
    long[] s = shape.clone();
    if (s.length > 0 && s[0] < 0) {
      s[0] = batchSize;
    }
    return s;
  }

  private static String dims(long[] d) {
    return Arrays.stream(d).mapToObj(x -> x < 0 ? "?" : Long.toString(x)).collect(Collectors.joining(" x "));
  }

  private static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
