package dev.fastj.onnx.runtime;

import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import dev.fastj.spi.InferenceModel;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.nio.file.Path;

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

  @Override
  public InferenceModel loadInference(Path onnxFile, Device device) {
    return OnnxInferenceModel.load(onnxFile, device);
  }
}
