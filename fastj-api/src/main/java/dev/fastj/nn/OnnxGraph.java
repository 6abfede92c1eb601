package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A layer that inlines a standard ONNX model file through {@link Emitter#inlineOnnx}: its float
 * initializers become trainable parameters of the current scope, and the value named
 * {@code outputName} (the model's first graph output when null) is the layer's output. This is how a
 * body exported by PyTorch's {@code torch.onnx.export} is cut before its pooling and classifier.
 *
 * <pre>{@code
 * Module body = OnnxGraph.of(Path.of("resnet18.onnx"), "/layer4/layer4.1/relu_1/Relu_output_0");
 * }</pre>
 *
 * @param file the .onnx model file
 * @param outputName the value to return, or null for the first graph output
 */
public record OnnxGraph(Path file, String outputName) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public OnnxGraph {
    checkArgument(file != null, "OnnxGraph file is null");
    checkArgument(Files.isRegularFile(file), "ONNX file %s does not exist; pass the path of a .onnx model", file);
    checkArgument(outputName == null || !outputName.isBlank(), "OnnxGraph outputName is blank; pass null for the graph output");
  }

  /** The whole model in {@code file}, returning its first graph output. */
  public static OnnxGraph of(Path file) {
    return new OnnxGraph(file, null);
  }

  /** The model in {@code file} cut at the value named {@code outputName}. */
  public static OnnxGraph of(Path file, String outputName) {
    return new OnnxGraph(file, outputName);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    String[] outs = outputName == null ? new String[0] : new String[] {outputName};
    List<Var> result = e.inlineOnnx(file, List.of(x), outs);
    if (result.isEmpty()) {
      throw new IllegalStateException(describe() + " produced no output for " + Arrays.toString(outs)
          + "; check the output names of " + file);
    }
    return result.get(0);
  }

  @Override
  public String describe() {
    return "OnnxGraph(" + file.getFileName() + (outputName == null ? "" : " -> " + outputName) + ")";
  }
}
