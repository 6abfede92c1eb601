/**
 * fastj's engine on ONNX Runtime: the graph IR and builder, ONNX reading and writing, autodiff,
 * optimizer subgraphs, compiling {@code nn} modules and imported ONNX models to train, eval and
 * inference graphs, and the sessions that run them. It provides the {@link dev.fastj.spi.Backend}
 * that {@code Backend.get()} finds. Every package is exported.
 *
 * <p>{@code requires dev.fastj.onnx.train;} is all an application needs for vision training:
 * fastj's API comes with it.
 *
 * @provides dev.fastj.spi.Backend the ONNX Runtime backend, {@code onnxruntime}
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.fastj.onnx.train {
  // ONNX Runtime's jar is an automatic module named by its manifest's Automatic-Module-Name;
  // transitive because CompiledGraph and OrtTensors take and return its OrtSession and OnnxTensor
  requires transitive com.microsoft.onnxruntime;
  requires transitive dev.fastj.api;
  requires com.google.common;
  // OnnxInferenceModel's memory check reads the process's limits through JMX
  requires java.management;

  exports dev.fastj.onnx.autodiff;
  exports dev.fastj.onnx.compile;
  exports dev.fastj.onnx.graph;
  exports dev.fastj.onnx.optim;
  exports dev.fastj.onnx.proto;
  exports dev.fastj.onnx.runtime;

  // also in META-INF/services, for the class path
  provides dev.fastj.spi.Backend with dev.fastj.onnx.runtime.OnnxBackend;
}
