package dev.fastj.text.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.Emitter;
import dev.fastj.nn.LinBnDrop;
import dev.fastj.nn.Module;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.nn.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code PoolingLinearClassifier(dims, ps)}: masked concat pooling of the encoder's
 * output ({@code [last, max, mean]} over the positions that are not padding, fastai's
 * {@code masked_concat_pool}), then one {@link LinBnDrop} per pair of {@code dims} (BatchNorm,
 * dropout {@code ps[i]}, Linear without bias), with ReLU after all but the last. Its layers are
 * scope {@code layers}, so parameter names are fastai's ({@code layers.0.0.weight} is the first
 * BatchNorm's).
 *
 * @param dims the sizes: {@code 3 * emb_sz}, the hidden sizes (fastai: 50), the classes
 * @param ps the dropout of each layer (fastai: {@code output_p * drop_mult}, then 0.1)
 */
public record PoolingLinearClassifier(List<Integer> dims, List<Double> ps) {

  /** Checks and copies the values. */
  public PoolingLinearClassifier {
    checkArgument(dims != null && dims.size() >= 2, "PoolingLinearClassifier needs at least two sizes, got %s", dims);
    checkArgument(ps != null && ps.size() == dims.size() - 1, "Number of layers and dropout values do not match: "
        + "%s sizes need %s dropouts, got %s", dims, dims == null ? 0 : dims.size() - 1, ps);
    dims = List.copyOf(dims);
    ps = List.copyOf(ps);
  }

  /** fastai's {@code get_text_classifier} head: {@code [3 * emb, 50, nClasses]}, ps {@code [outputP, 0.1]}. */
  public static PoolingLinearClassifier of(int embSz, int nClasses, double outputP) {
    return new PoolingLinearClassifier(List.of(3 * embSz, 50, nClasses), List.of(outputP, 0.1));
  }

  /** The LinBnDrop layers. */
  public Sequential layers() {
    List<Module> layers = new ArrayList<>();
    for (int i = 0; i + 1 < dims.size(); i++) {
      boolean last = i + 2 == dims.size();
      layers.add(new LinBnDrop(dims.get(i), dims.get(i + 1), true, ps.get(i), last ? null : new ReLU(), false));
    }
    return Sequential.of(layers);
  }

  /** The logits {@code [N, classes]} of encoder outputs {@code [N, T, C]} and their pad mask {@code [N, T]}. */
  public Var forward(Emitter e, Var output, Var padMask) {
    Var pooled = maskedConcatPool(e, output, padMask);
    return e.scoped("layers", () -> layers().forward(e, pooled));
  }

  /** fastai's {@code masked_concat_pool}: {@code [N, 3C]} of the last non-pad state, the max and the mean. */
  public static Var maskedConcatPool(Emitter e, Var output, Var padMask) {
    checkArgument(output.rank() == 3 && output.dim(1) > 0, "masked_concat_pool takes [N, T, C] of a static T, got %s",
        output.name());
    long t = output.dim(1);
    Var axis1 = e.constantLongs(new long[] {1}, 1);
    Var axis2 = e.constantLongs(new long[] {2}, 1);
    Var real = e.op("Sub", e.constant(new float[] {1}), padMask);
    Var real3 = e.op("Unsqueeze", real, axis2);
    Var lens = e.op("Max", e.op("ReduceSum", List.of(real, axis1), Map.of("keepdims", 1L)), e.constant(new float[] {1}));
    Var avg = e.op("Div", e.op("ReduceSum", List.of(e.op("Mul", output, real3), axis1), Map.of("keepdims", 0L)), lens);
    Var masked = e.op("Add", output, e.op("Mul", e.op("Unsqueeze", padMask, axis2), e.constant(new float[] {-1e4f})));
    Var max = e.op("ReduceMax", List.of(masked, axis1), Map.of("keepdims", 0L));
    float[] pos = new float[Math.toIntExact(t)];
    for (int i = 0; i < pos.length; i++) {
      pos[i] = i;
    }
    Var positions = e.constant(pos, 1, t);
    Var lastIdx = e.op("ReduceMax", List.of(e.op("Mul", real, positions), axis1), Map.of("keepdims", 1L));
    Var oneHot = e.op("Cast", List.of(e.op("Equal", positions, lastIdx)), Map.of("to", 1L));
    Var last = e.op("ReduceSum", List.of(e.op("Mul", output, e.op("Unsqueeze", oneHot, axis2)), axis1),
        Map.of("keepdims", 0L));
    return e.op("Concat", List.of(last, max, avg), Map.of("axis", 1L));
  }

  /** fastai's name and sizes. */
  public String describe() {
    return "PoolingLinearClassifier(" + dims + ", ps=" + ps + ")";
  }
}
