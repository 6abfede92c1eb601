package dev.fastj.text.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.Emitter;
import dev.fastj.nn.Var;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code RNNRegularizer(alpha, beta)}: while training, adds activation regularisation
 * {@code alpha * mean(dropped^2)} on the decoder's dropped input and temporal activation
 * regularisation {@code beta * mean((raw[:, 1:] - raw[:, :-1])^2)} on the encoder's raw output to
 * what the step differentiates ({@link Emitter#addLossTerm}, fastai's {@code loss_grad}); the
 * reported loss stays the plain cross-entropy, as in fastai.
 *
 * @param alpha AR's weight (fastai: 2)
 * @param beta TAR's weight (fastai: 1)
 */
public record RnnRegularizer(double alpha, double beta) {

  /** Checks both weights. */
  public RnnRegularizer {
    checkArgument(alpha >= 0 && beta >= 0, "AR/TAR weights must not be negative, got alpha %s, beta %s", alpha, beta);
  }

  /** fastai's defaults for the language model and the classifier: alpha 2, beta 1. */
  public static RnnRegularizer defaults() {
    return new RnnRegularizer(2, 1);
  }

  /** Adds the terms for {@code raw} and {@code dropped} ({@code [N, T, C]}) while training. */
  public void apply(Emitter e, Var raw, Var dropped) {
    if (!e.training()) {
      return;
    }
    if (alpha > 0) {
      e.addLossTerm(e.op("Mul", meanSquare(e, dropped), e.constant(new float[] {(float) alpha})));
    }
    if (beta > 0 && raw.rank() == 3 && raw.dim(1) > 1) {
      long t = raw.dim(1);
      Var later = slice(e, raw, 1, t);
      Var earlier = slice(e, raw, 0, t - 1);
      e.addLossTerm(e.op("Mul", meanSquare(e, e.op("Sub", later, earlier)), e.constant(new float[] {(float) beta})));
    }
  }

  private static Var meanSquare(Emitter e, Var x) {
    return e.op("ReduceMean", List.of(e.op("Mul", x, x)), Map.of("keepdims", 0L));
  }

  private static Var slice(Emitter e, Var x, long start, long end) {
    return e.op("Slice", List.of(x, e.constantLongs(new long[] {start}, 1), e.constantLongs(new long[] {end}, 1),
        e.constantLongs(new long[] {1}, 1)), Map.of());
  }
}
