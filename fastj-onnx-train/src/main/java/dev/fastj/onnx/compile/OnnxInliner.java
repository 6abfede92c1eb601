package dev.fastj.onnx.compile;

import dev.fastj.nn.Var;
import java.nio.file.Path;
import java.util.List;

/** Inlines a standard ONNX file into a graph being emitted. */
final class OnnxInliner {

  private final GraphEmitter e;

  OnnxInliner(GraphEmitter e) {
    this.e = e;
  }

  List<Var> inline(Path file, List<Var> inputs, String... outputNames) {
    throw new UnsupportedOperationException("pending reader " + file + e);
  }
}
