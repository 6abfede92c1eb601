package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.Emitter;
import dev.fastj.nn.Module;
import dev.fastj.nn.Var;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A body read from an ONNX file, inlined once with its U-Net hooks as extra outputs: the
 * activations {@link DynamicUnet} keeps as skip connections (fastai's {@code hook_outputs} on the
 * encoder), found by the backend ({@code Backend.onnxUnetHooks}) for the data's input size. As a
 * plain layer it returns the body's output.
 *
 * @param file the ONNX file
 * @param activations the hooked values, shallowest first, then the body's output
 */
record HookedOnnxBody(Path file, List<String> activations) implements Module {

  HookedOnnxBody {
    checkArgument(file != null && Files.isRegularFile(file), "ONNX file %s does not exist", file);
    checkArgument(activations != null && activations.size() >= 2, "a hooked body needs at least one hook and its "
        + "output, got %s", activations);
    activations = List.copyOf(activations);
  }

  /** The hooked values and the output, in the order of {@link #activations()}, emitted by one inlining. */
  List<Var> forwardAll(Emitter e, Var x) {
    List<Var> out = e.inlineOnnx(file, List.of(x), activations.toArray(new String[0]));
    checkArgument(out.size() == activations.size(), "%s gave %s values for the %s activations %s", describe(),
        out.size(), activations.size(), activations);
    return out;
  }

  @Override
  public Var forward(Emitter e, Var x) {
    List<Var> all = forwardAll(e, x);
    return all.get(all.size() - 1);
  }

  @Override
  public String describe() {
    return "OnnxGraph(" + file.getFileName() + " -> " + activations.get(activations.size() - 1) + ", hooks "
        + activations.subList(0, activations.size() - 1) + ")";
  }
}
