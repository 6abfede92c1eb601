package dev.fastj.onnx.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.proto.OnnxWriter;
import dev.fastj.spi.Device;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX Runtime session kept open over one model, to run it many times (a train step, an
 * eval step, inference). Inputs are {@link OnnxTensor}s the caller owns, so state such as
 * parameters and optimizer moments can stay in ONNX Runtime between runs. Runs are
 * thread-safe; close it to free the native session.
 *
 * <pre>{@code
 * try (CompiledGraph step = CompiledGraph.compile(model, SessionConfig.defaults().withIntraOpThreads(2));
 *      OrtSession.Result out = step.run(Map.of("x", x))) {
 *   OnnxTensor loss = (OnnxTensor) out.get("loss").orElseThrow();
 * }
 * }</pre>
 */
public final class CompiledGraph implements AutoCloseable {

  private final String name;
  private final OrtSession session;
  private final Device.Kind device;
  private final List<ValueInfo> requiredInputs;
  private final List<String> outputNames;

  private CompiledGraph(String name, OrtSession session, Device.Kind device, List<ValueInfo> requiredInputs,
      List<String> outputNames) {
    this.name = name;
    this.session = session;
    this.device = device;
    this.requiredInputs = requiredInputs;
    this.outputNames = outputNames;
  }

  /** A session over {@code model} on the CPU with ONNX Runtime's default settings. */
  public static CompiledGraph compile(Model model) {
    return compile(model, SessionConfig.defaults());
  }

  /**
   * A session over {@code model} with {@code config}; when CUDA is asked for but the session
   * cannot be built with it, the session is built on the CPU and one line is logged.
   */
  public static CompiledGraph compile(Model model, SessionConfig config) {
    String name = model.graph().name();
    byte[] bytes = OnnxWriter.toBytes(model);
    List<ValueInfo> required = new ArrayList<>();
    for (ValueInfo v : model.graph().inputs()) {
      if (!model.graph().initializers().containsKey(v.name())) {
        required.add(v);
      }
    }
    List<String> outputs = model.graph().outputNames();
    try (Providers.Choice choice = Providers.options(config)) {
      try {
        return new CompiledGraph(name, create(name, bytes, choice.options()), choice.kind(), List.copyOf(required),
            outputs);
      } catch (OrtRunException e) {
        if (choice.kind() != Device.Kind.CUDA) {
          throw e;
        }
        // CUDA libraries can be missing at session creation although addCUDA succeeded.
        Providers.logFallback("could not build graph '" + name + "' on CUDA device " + config.device().deviceId()
            + " (" + Providers.firstLine(e.getCause()) + "); running on the CPU");
      }
    }
    try (OrtSession.SessionOptions cpu = Providers.cpuOptions(config)) {
      return new CompiledGraph(name, create(name, bytes, cpu), Device.Kind.CPU, List.copyOf(required), outputs);
    }
  }

  private static OrtSession create(String name, byte[] bytes, OrtSession.SessionOptions options) {
    try {
      return OrtTensors.env().createSession(bytes, options);
    } catch (OrtException e) {
      throw new OrtRunException("ONNX Runtime could not load graph '" + name + "': " + e.getMessage(), e);
    }
  }

  /** The graph's name. */
  public String name() {
    return name;
  }

  /** The provider the session runs on (CPU when CUDA was asked for but unavailable). */
  public Device.Kind device() {
    return device;
  }

  /** The graph inputs a run must feed (graph inputs that are not initializers). */
  public List<ValueInfo> requiredInputs() {
    return requiredInputs;
  }

  /** The graph's output names, in order. */
  public List<String> outputNames() {
    return outputNames;
  }

  /** The underlying session, for calls this class does not wrap. */
  public OrtSession session() {
    return session;
  }

  /** Runs the graph and returns every output; the caller closes the result. */
  public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> inputs) {
    checkInputs(inputs);
    try {
      return session.run(inputs);
    } catch (OrtException e) {
      throw failure(e);
    }
  }

  /** Runs the graph and returns the outputs named in {@code outputs}; the caller closes the result. */
  public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> inputs, Set<String> outputs) {
    checkInputs(inputs);
    try {
      return session.run(inputs, outputs);
    } catch (OrtException e) {
      throw failure(e);
    }
  }

  /**
   * Runs the graph writing the outputs named in {@code pinned} into those preallocated values
   * (which must not be among the inputs: ONNX Runtime gives wrong results silently when an
   * output shares an input's buffer). The result lists the pinned values too, without owning
   * them: closing it closes only the outputs ONNX Runtime allocated.
   */
  public OrtSession.Result runInto(Map<String, ? extends OnnxTensorLike> inputs,
      Map<String, ? extends OnnxValue> pinned) {
    checkInputs(inputs);
    for (Map.Entry<String, ? extends OnnxValue> e : pinned.entrySet()) {
      if (inputs.containsValue(e.getValue())) {
        throw new IllegalArgumentException("output '" + e.getKey() + "' of graph '" + name
            + "' is pinned to a tensor that is also an input; use a second tensor (ping-pong)");
      }
    }
    try {
      return session.run(inputs, pinned);
    } catch (OrtException e) {
      throw failure(e);
    }
  }

  /** Runs the graph on fastj tensors and returns every output as a fastj tensor. */
  public Map<String, Tensor> runTensors(Map<String, Tensor> inputs) {
    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
        feed.put(e.getKey(), OrtTensors.toOnnx(e.getValue()));
      }
      try (OrtSession.Result r = run(feed)) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : r) {
          if (!(e.getValue() instanceof OnnxTensor t)) {
            throw new IllegalStateException("output '" + e.getKey() + "' of graph '" + name + "' is a "
                + e.getValue().getType() + ", not a tensor");
          }
          out.put(e.getKey(), OrtTensors.fromOnnx(t));
        }
        return out;
      }
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  private void checkInputs(Map<String, ? extends OnnxTensorLike> inputs) {
    List<String> missing = new ArrayList<>();
    for (ValueInfo v : requiredInputs) {
      if (!inputs.containsKey(v.name())) {
        missing.add(v.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("graph '" + name + "' needs inputs " + missing + " that were not given; given: "
          + inputs.keySet());
    }
  }

  private OrtRunException failure(OrtException e) {
    return new OrtRunException("running graph '" + name + "' on " + device + " failed: " + e.getMessage(), e);
  }

  /** Closes the native session. */
  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new OrtRunException("could not close the session of graph '" + name + "': " + e.getMessage(), e);
    }
  }
}
