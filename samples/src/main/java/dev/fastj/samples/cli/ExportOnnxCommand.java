package dev.fastj.samples.cli;

import dev.fastj.learner.Learner;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code ./fastj export-onnx MODEL OUT.onnx}: the standard inference ONNX model of an export. */
final class ExportOnnxCommand {

  private ExportOnnxCommand() {}

  static void run(String[] argv) {
    List<String> pos = Args.parse("export-onnx", argv, Set.of(), Set.of()).positional();
    if (pos.size() != 2) {
      throw new CliException("export-onnx: give the exported model and the ONNX file to write: ./fastj export-onnx MODEL OUT.onnx");
    }
    Learner.extractOnnx(Path.of(pos.get(0)), Path.of(pos.get(1)));
    System.out.println("wrote " + pos.get(1));
  }
}
