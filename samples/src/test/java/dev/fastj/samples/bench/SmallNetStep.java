package dev.fastj.samples.bench;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.nn.Module;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import dev.fastj.vision.Arch;
import dev.fastj.vision.HeadOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Developer tool (issue 8): median wall ms of xresnet_small's train step. Args: size channels [steps]. */
public final class SmallNetStep {
  private SmallNetStep() {}

  public static void main(String[] a) {
    int size = Integer.parseInt(a[0]);
    int ch = Integer.parseInt(a[1]);
    int n = a.length > 2 ? Integer.parseInt(a[2]) : 60;
    Module net = Arch.xresnetSmall().createModel(ch, 10, HeadOptions.scratch());
    ModelSpec spec = ModelSpec.of(net, new long[] {ch, size, size}, CrossEntropyLossFlat.create(),
        OptimizerSpec.Adam.defaults());
    Random r = new Random(1);
    float[] x = new float[64 * ch * size * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    long[] y = new long[64];
    for (int i = 0; i < 64; i++) {
      y[i] = i % 10;
    }
    Batch b = new Batch(List.of(TensorData.ofFloats(x, 64, ch, size, size)), List.of(TensorData.ofLongs(y, 64)),
        new int[64]);
    long c0 = System.nanoTime();
    try (TrainableModel m = Backend.get().compile(spec)) {
      long c1 = System.nanoTime();
      m.trainStep(b, Hyper.uniform(1, 1e-3, 0.9, 0.01, 1), false);
      long c2 = System.nanoTime();
      m.evalStep(b);
      long c3 = System.nanoTime();
      System.out.printf("compile %.0f ms, first train step %.0f ms, first eval step %.0f ms%n", (c1 - c0) / 1e6,
          (c2 - c1) / 1e6, (c3 - c2) / 1e6);
      double[] t = new double[n];
      for (int i = 0; i < n + 10; i++) {
        long t0 = System.nanoTime();
        m.trainStep(b, Hyper.uniform(1, 1e-3, 0.9, 0.01, i + 1), false);
        if (i >= 10) {
          t[i - 10] = (System.nanoTime() - t0) / 1e6;
        }
      }
      Arrays.sort(t);
      System.out.printf("xresnet_small %dpx: median %.1f ms/step (p10 %.1f, p90 %.1f)%n", size, t[n / 2], t[n / 10],
          t[n * 9 / 10]);
    }
  }
}
