package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.runtime.CompiledGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Checks the gradients of whole float32 networks along random directions: for each parameter
 * tensor P and direction v, the analytic g.v against (L(P + h v) - L(P - h v)) / 2h, the loss
 * read in float64. The error of a tensor is |analytic - numeric| over the larger of |analytic|
 * and |numeric|, both as vectors over the directions, and at least {@value #FLOOR}: a directional
 * derivative that small is float32 noise at these steps (a conv bias followed by a training
 * BatchNormalization has a true gradient of 0: analytic 1e-8, numeric 0). See {@link ResNetGradientTest} for why whole float32 networks
 * are checked this way rather than element by element.
 *
 * <p>Each tensor is tried with every given step and keeps its smallest error: in float32 the
 * kinks (Relu, max pool) make the error grow with the step and the rounding of the loss makes
 * it grow as the step shrinks, and where the balance lies depends on the tensor (a stem conv
 * feeding thousands of Relus wants a small step, a BatchNorm scale with a small derivative a
 * larger one). A wrong gradient disagrees with the differences at every step.
 */
final class DirectionalCheck {

  /** The worst tensor error and a line per tensor and direction. */
  record Report(double worst, String worstTensor, String details) {}

  /** The smallest directional-derivative norm errors are measured against (losses of order 1). */
  static final double FLOOR = 1e-3;

  private DirectionalCheck() {}

  /**
   * Appends the backward of {@code loss} (a float32 scalar in {@code b}) for {@code params},
   * runs it with {@code feed} (inputs and parameter values), and compares.
   */
  static Report run(GraphBuilder b, String loss, Map<String, Tensor> feed, List<String> params, int directions,
      double[] steps, long seed) {
    Autodiff.Result res = Autodiff.backward(b, loss, params, GradientRules.defaults(), ShapeRules.defaults());
    String lossD = b.identityAs(b.cast(loss, DataType.DOUBLE), "directional_loss");
    b.output(new ValueInfo(lossD, DataType.DOUBLE, null, null));
    for (String w : params) {
      if (res.gradient(w) == null) {
        throw new AssertionError("no gradient reaches " + w);
      }
      b.output(new ValueInfo(b.identityAs(res.gradient(w), "directional_grad_" + w), DataType.FLOAT, null, null));
    }
    double worst = 0;
    String worstTensor = "";
    StringBuilder details = new StringBuilder();
    Random rnd = new Random(seed);
    try (CompiledGraph g = CompiledGraph.compile(Model.of(b.build()))) {
      Map<String, Tensor> out = g.runTensors(feed);
      for (String w : params) {
        double[] grad = out.get("directional_grad_" + w).toDoubles();
        double[] value = feed.get(w).toDoubles();
        if (grad.length != value.length) {
          throw new AssertionError("gradient of " + w + " has " + grad.length + " elements, the parameter "
              + value.length);
        }
        double[][] dirs = new double[directions][];
        double[] analytic = new double[directions];
        for (int dir = 0; dir < directions; dir++) {
          dirs[dir] = new double[value.length];
          for (int i = 0; i < value.length; i++) {
            dirs[dir][i] = rnd.nextGaussian();
            analytic[dir] += grad[i] * dirs[dir][i];
          }
        }
        double err = Double.POSITIVE_INFINITY;
        for (double h : steps) {
          double diff2 = 0;
          double norm2 = 0;
          double numeric2 = 0;
          for (int dir = 0; dir < directions; dir++) {
            double[] v = dirs[dir];
            double numeric = (lossAt(g, feed, w, value, v, h) - lossAt(g, feed, w, value, v, -h)) / (2 * h);
            diff2 += (analytic[dir] - numeric) * (analytic[dir] - numeric);
            norm2 += analytic[dir] * analytic[dir];
            numeric2 += numeric * numeric;
            details.append(String.format(Locale.ROOT, "%s step %.0e dir %d: analytic %.6g numeric %.6g%n", w, h, dir,
                analytic[dir], numeric));
          }
          err = Math.min(err, Math.sqrt(diff2) / Math.max(Math.sqrt(Math.max(norm2, numeric2)), FLOOR));
        }
        details.append(String.format(Locale.ROOT, "%s relative error %.3g%n", w, err));
        if (err > worst || Double.isNaN(err)) {
          worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
          worstTensor = w;
        }
      }
    }
    return new Report(worst, worstTensor, details.toString());
  }

  private static double lossAt(CompiledGraph g, Map<String, Tensor> feed, String w, double[] value, double[] v,
      double step) {
    double[] moved = new double[value.length];
    for (int i = 0; i < moved.length; i++) {
      moved[i] = value[i] + step * v[i];
    }
    Map<String, Tensor> in = new LinkedHashMap<>(feed);
    in.put(w, Tensor.ofDoubles(moved, feed.get(w).dims()).cast(DataType.FLOAT));
    return g.runTensors(in).get("directional_loss").toDoubles()[0];
  }
}
