package dev.fastj.text.models;

import dev.fastj.nn.Emitter;
import dev.fastj.nn.Var;
import java.util.List;
import java.util.Map;

/** fastai's {@code dropout_mask}: a tensor of 0 and {@code 1/(1-p)} of a given shape, as ONNX nodes. */
final class Masks {

  private Masks() {}

  /**
   * A mask of shape {@code shape} (an int64 value), each entry 0 with probability {@code p} and
   * {@code 1/(1-p)} otherwise: the mask output of ONNX's training-mode Dropout of ones, a new draw
   * every step, cast and scaled. Not Dropout's first output: when only that is read and its input
   * is constant, ONNX Runtime's optimizer replaced the node by its input (measured: a mask of ones).
   */
  static Var scaledMask(Emitter e, Var shape, double p) {
    Var ones = e.op("Expand", e.constant(new float[] {1f}, 1), shape);
    Var kept = e.op("Dropout", List.of(ones, e.constant(new float[] {(float) p}), e.constantBool(true)), Map.of(), 2)
        .get(1);
    return e.op("Mul", e.op("Cast", List.of(kept), Map.of("to", 1L)), e.constant(new float[] {(float) (1 / (1 - p))}));
  }
}
