package dev.fastj.samples.bench;

import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.nn.Module;
import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.compile.ModelCompiler;
import dev.fastj.onnx.compile.StepGraph;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.runtime.CompiledGraph;
import dev.fastj.onnx.runtime.NchwcConvs;
import dev.fastj.onnx.runtime.SessionConfig;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Device;
import dev.fastj.spi.ModelSpec;
import dev.fastj.vision.Arch;
import dev.fastj.vision.HeadOptions;
import java.util.Arrays;

/** Developer tool (issue 8): where xresnet_small's compile time goes. Args: size channels. */
public final class CompileTimes {
  private CompileTimes() {}

  public static void main(String[] a) throws Exception {
    int size = Integer.parseInt(a[0]);
    int ch = Integer.parseInt(a[1]);
    for (int round = 0; round < 2; round++) {
      long t0 = System.nanoTime();
      Module net = Arch.xresnetSmall().createModel(ch, 10, HeadOptions.scratch());
      ModelSpec spec = ModelSpec.of(net, new long[] {ch, size, size}, CrossEntropyLossFlat.create(),
          OptimizerSpec.Adam.defaults());
      ModelCompiler c = new ModelCompiler(spec, GradientRules.defaults(), ShapeRules.defaults());
      long t1 = System.nanoTime();
      StepGraph eval = c.evalStep();
      StepGraph pred = c.predict();
      long t2 = System.nanoTime();
      boolean[] all = new boolean[c.parameters().size()];
      Arrays.fill(all, true);
      StepGraph train = c.trainStep(all, false);
      long t3 = System.nanoTime();
      Model m = NchwcConvs.apply(Model.of(train.graph()), NchwcConvs.blockSize());
      if (round == 1) {
        java.util.Map<String, Integer> ops = new java.util.TreeMap<>();
        m.graph().nodes().forEach(n -> ops.merge(n.opType(), 1, Integer::sum));
        System.out.println("train graph ops: " + ops);
      }
      long t4 = System.nanoTime();
      SessionConfig cfg = SessionConfig.of(Device.cpu());
      try (CompiledGraph ge = CompiledGraph.compile(Model.of(eval.graph()), cfg)) {
        long t5 = System.nanoTime();
        try (CompiledGraph gp = CompiledGraph.compile(Model.of(pred.graph()), cfg)) {
          long t6 = System.nanoTime();
          try (CompiledGraph gt = CompiledGraph.compile(m, cfg)) {
            long t7 = System.nanoTime();
            System.out.printf("round %d: model+compiler %.0f, eval+predict graphs %.0f, train graph %.0f (%d nodes), "
                    + "nchwc %.0f, sessions: eval %.0f predict %.0f train %.0f ms%n", round, (t1 - t0) / 1e6,
                (t2 - t1) / 1e6, (t3 - t2) / 1e6, train.graph().nodes().size(), (t4 - t3) / 1e6, (t5 - t4) / 1e6,
                (t6 - t5) / 1e6, (t7 - t6) / 1e6);
          }
        }
      }
    }
  }
}
