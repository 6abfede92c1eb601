package dev.fastj.samples.cli;

import dev.fastj.learner.Learner;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./fastj export-onnx MODEL OUT.onnx}: the standard inference ONNX model of an export. */
@Command(name = "export-onnx",
    description = "writes the standard inference ONNX model of an export, for any ONNX Runtime")
final class ExportOnnxCommand implements Runnable {

  @Parameters(index = "0", paramLabel = "MODEL", description = "the exported model (.fastj)")
  Path model;

  @Parameters(index = "1", paramLabel = "OUT.onnx", description = "the ONNX file to write")
  Path onnx;

  @Override
  public void run() {
    Learner.extractOnnx(model, onnx);
    System.out.println("wrote " + onnx);
  }
}
