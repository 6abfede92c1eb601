package dev.fastj.samples.lessons;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.Emitter;
import dev.fastj.nn.Init;
import dev.fastj.nn.MSELossFlat;
import dev.fastj.nn.Module;
import dev.fastj.nn.ParamRole;
import dev.fastj.nn.Var;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * fastai's lesson 2 "SGD from scratch": fit y = a*x + b to noisy points with plain gradient
 * descent, on the same engine that trains the ResNets (a two-parameter module compiled to one
 * ONNX train-step graph). Prints the loss as it falls and the fitted a and b.
 */
public final class Lesson2Sgd {

  private Lesson2Sgd() {}

  /** y = a * x + b with a and b as parameters (drawn from N(0, 1) like the lesson's tensor(-1., 1) start). */
  record LineModel() implements Module {
    @Override
    public Var forward(Emitter e, Var x) {
      Var a = e.param("a", new long[] {1}, new Init.Normal(1), ParamRole.WEIGHT);
      Var b = e.param("b", new long[] {1}, new Init.Normal(1), ParamRole.BIAS);
      return e.op("Add", e.op("Mul", x, a), b);
    }
  }

  public static void main(String[] args) {
    int n = 100;
    Random rnd = new Random(42);
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextFloat() * 2 - 1;
      y[i] = 3f * x[i] + 2f + (rnd.nextFloat() - 0.5f) * 0.5f;
    }
    Batch batch = new Batch(List.of(TensorData.ofFloats(x, n, 1)), List.of(TensorData.ofFloats(y, n, 1)), new int[n]);
    ModelSpec spec = ModelSpec.of(new LineModel(), new long[] {1}, MSELossFlat.create(), OptimizerSpec.Sgd.defaults());
    try (TrainableModel model = Backend.get().compile(spec)) {
      double lr = 0.1;
      double loss = Double.NaN;
      for (int step = 1; step <= 200; step++) {
        loss = model.trainStep(batch, Hyper.uniform(1, lr, 0, 0, step), false).loss();
        if (step % 20 == 0) {
          System.out.printf("step %3d  mse %.4f%n", step, loss);
        }
      }
      Map<String, TensorData> state = model.stateDict(false);
      System.out.printf("fitted a = %.3f, b = %.3f (true 3, 2); final mse %.4f%n", state.get("a").toFloatArray()[0],
          state.get("b").toFloatArray()[0], loss);
    }
  }
}
