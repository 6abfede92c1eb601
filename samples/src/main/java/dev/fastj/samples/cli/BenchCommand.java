package dev.fastj.samples.cli;

import dev.fastj.onnx.bench.TrainStepBench;

/** {@code ./fastj bench}: the train-step benchmark of fastj-onnx-train. */
final class BenchCommand {

  private BenchCommand() {}

  static void run(String[] argv) {
    TrainStepBench.main(argv);
  }
}
