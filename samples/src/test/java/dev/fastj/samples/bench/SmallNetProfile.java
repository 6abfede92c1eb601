package dev.fastj.samples.bench;

import dev.fastj.data.TensorData;
import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.nn.Module;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.ModelSpec;
import dev.fastj.vision.Arch;
import dev.fastj.vision.HeadOptions;
import java.util.Map;
import java.util.Random;

/** Developer tool (issue 8): kernel time per operator type of xresnet_small's train step. Args: size channels. */
public final class SmallNetProfile {
  private SmallNetProfile() {}

  public static void main(String[] a) {
    int size = Integer.parseInt(a[0]);
    int ch = Integer.parseInt(a[1]);
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
    Map<String, Long> us = StepProfile.run(spec, TensorData.ofFloats(x, 64, ch, size, size), TensorData.ofLongs(y, 64), 20);
    long total = us.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("total kernel ms per step %.1f%n", total / 20 / 1000.0);
    us.forEach((k, v) -> System.out.printf("%-28s %8.2f ms/step %5.1f%%%n", k, v / 20 / 1000.0, 100.0 * v / total));
  }
}
