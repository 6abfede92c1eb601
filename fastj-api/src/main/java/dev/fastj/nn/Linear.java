package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;

/**
 * A fully connected layer, {@code y = x W^T + b}, mirroring PyTorch's {@code nn.Linear}: weight
 * {@code [outFeatures, inFeatures]} named {@code weight}, bias {@code [outFeatures]} named
 * {@code bias}, PyTorch's default initialisation unless {@link #withInit} says otherwise.
 *
 * <p>Emits {@code Gemm(x, weight, bias; transB=1)} for a 2-d input, and
 * {@code MatMul(x, Transpose(weight; perm=[1,0]))} followed by {@code Add(bias)} for inputs of
 * higher rank (features last).
 *
 * <pre>{@code
 * Module fc = Linear.of(512, 10);
 * Module noBias = Linear.of(1024, 512).withBias(false);
 * }</pre>
 *
 * @param inFeatures size of each input row
 * @param outFeatures size of each output row
 * @param bias whether the layer adds a learnable bias
 * @param init how weight and bias start
 */
public record Linear(int inFeatures, int outFeatures, boolean bias, WeightInit init) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public Linear {
    checkArgument(inFeatures > 0, "Linear inFeatures must be positive, got %s", inFeatures);
    checkArgument(outFeatures > 0, "Linear outFeatures must be positive, got %s", outFeatures);
    checkArgument(init != null, "Linear init is null; use WeightInit.TORCH_DEFAULT");
  }

  /** {@code nn.Linear(inFeatures, outFeatures)}: with bias, PyTorch's default initialisation. */
  public static Linear of(int inFeatures, int outFeatures) {
    return new Linear(inFeatures, outFeatures, true, WeightInit.TORCH_DEFAULT);
  }

  /** A copy with or without the bias ({@code bias=False}). */
  public Linear withBias(boolean b) {
    return new Linear(inFeatures, outFeatures, b, init);
  }

  /** A copy initialised differently (fastai's heads use {@link WeightInit#KAIMING_NORMAL}). */
  public Linear withInit(WeightInit i) {
    return new Linear(inFeatures, outFeatures, bias, i);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Shapes.checkDim(this, x, x.rank() < 0 ? 0 : x.rank() - 1, inFeatures, "input features (inFeatures)");
    Var w = e.param("weight", Shapes.of(outFeatures, inFeatures), init.weight(inFeatures, outFeatures),
        ParamRole.WEIGHT);
    Var b = bias ? e.param("bias", Shapes.of(outFeatures), init.bias(inFeatures), ParamRole.BIAS) : null;
    if (x.rank() == 2 || x.rank() < 0) {
      List<Var> in = b == null ? List.of(x, w) : List.of(x, w, b);
      return e.op("Gemm", in, Map.of("transB", 1L));
    }
    Var wt = e.op("Transpose", List.of(w), Map.of("perm", new long[] {1, 0}));
    Var y = e.op("MatMul", x, wt);
    return b == null ? y : e.op("Add", y, b);
  }

  @Override
  public String describe() {
    return "Linear(" + inFeatures + " -> " + outFeatures + (bias ? "" : ", bias=False") + ")";
  }
}
