package dev.fastj.onnx.runtime;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.graph.BodyCut;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeInference;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.UnetHooks;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.proto.OnnxReader;
import dev.fastj.onnx.proto.OpsetUpgrade;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import dev.fastj.spi.GraphValue;
import dev.fastj.spi.InferenceModel;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The ONNX Runtime backend: compiles models to ONNX train-step, eval and inference graphs
 * ({@link OnnxTrainableModel}) and loads standard ONNX files for inference
 * ({@link OnnxInferenceModel}). Registered in {@code META-INF/services/dev.fastj.spi.Backend},
 * so {@code Backend.get()} finds it when fastj-onnx-train is on the class path.
 */
public final class OnnxBackend implements Backend {

  /** The backend's name. */
  public static final String NAME = "onnxruntime";

  private final GradientRules rules;
  private final ShapeRules shapes;

  /** The backend with the built-in gradient and shape rules (the service-loader constructor). */
  public OnnxBackend() {
    this(GradientRules.defaults(), ShapeRules.defaults());
  }

  /** A backend with other rules (an extra operator's gradient, say). */
  public OnnxBackend(GradientRules rules, ShapeRules shapes) {
    this.rules = rules;
    this.shapes = shapes;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrainableModel compile(ModelSpec spec) {
    return new OnnxTrainableModel(spec, rules, shapes);
  }

  /**
   * Static shape inference over the file's graph (brought to opset 18 when older), with the first
   * real input (not an initializer) given {@code inputShape} when not null.
   */
  @Override
  public long[] onnxOutputShape(Path onnxFile, String output, long[] inputShape) {
    Graph g = withInputShape(readAt18(onnxFile), inputShape, onnxFile);
    String wanted = output != null ? output : g.outputNames().isEmpty() ? null : g.outputNames().get(0);
    checkArgument(wanted != null, "%s has no graph output; name the value to read", onnxFile.getFileName());
    Map<String, ValueInfo> values = ShapeInference.infer(g, shapes);
    ValueInfo v = values.get(wanted);
    checkArgument(v != null, "%s has no value named %s; graph outputs are %s", onnxFile.getFileName(), wanted,
        g.outputNames());
    return v.dims() == null ? null : v.dims().clone();
  }

  /** {@link UnetHooks#find} over the file's graph with its first real input given {@code inputShape}. */
  @Override
  public List<GraphValue> onnxUnetHooks(Path onnxFile, String output, long[] inputShape) {
    UnetHooks hooks;
    try {
      hooks = UnetHooks.find(withInputShape(readAt18(onnxFile), inputShape, onnxFile), output, shapes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(onnxFile.getFileName() + ": " + e.getMessage(), e);
    }
    List<GraphValue> out = new ArrayList<>();
    hooks.hooks().forEach(v -> out.add(new GraphValue(v.name(), v.dims())));
    out.add(new GraphValue(hooks.output().name(), hooks.output().dims()));
    return out;
  }

  /** {@code g} with its first real input (not an initializer) given {@code inputShape}; {@code g} when null. */
  private static Graph withInputShape(Graph g, long[] inputShape, Path onnxFile) {
    if (inputShape == null) {
      return g;
    }
    List<ValueInfo> inputs = new ArrayList<>();
    boolean replaced = false;
    for (ValueInfo v : g.inputs()) {
      if (!replaced && !g.initializers().containsKey(v.name())) {
        checkArgument(v.dims() == null || v.dims().length == inputShape.length, "%s: input %s has rank %s but the "
            + "given shape %s has rank %s", onnxFile.getFileName(), v.name(), v.dims() == null ? -1 : v.dims().length,
            Arrays.toString(inputShape), inputShape.length);
        v = new ValueInfo(v.name(), v.type(), inputShape, null);
        replaced = true;
      }
      inputs.add(v);
    }
    return new Graph(g.name(), inputs, g.outputs(), g.nodes(), g.initializers(), g.valueInfo());
  }

  @Override
  public InferenceModel loadInference(Path onnxFile, Device device) {
    return OnnxInferenceModel.load(onnxFile, device);
  }

  @Override
  public String onnxBodyCut(Path onnxFile) {
    try {
      return BodyCut.find(readAt18(onnxFile), shapes).value();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(onnxFile.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** The file's graph, brought up to opset 18 as fastj compiles it. */
  private static Graph readAt18(Path onnxFile) {
    Model model = OnnxReader.read(onnxFile);
    return (model.opset() < Model.OPSET ? OpsetUpgrade.to18(model) : model).graph();
  }
}
