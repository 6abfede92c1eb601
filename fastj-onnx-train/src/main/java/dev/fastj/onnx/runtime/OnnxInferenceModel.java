package dev.fastj.onnx.runtime;

import static com.google.common.base.Preconditions.checkArgument;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fastj.data.TensorData;
import dev.fastj.spi.Device;
import dev.fastj.spi.InferenceModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A standard ONNX model loaded for inference on ONNX Runtime: inputs fed in place from
 * {@link TensorData}, the first output copied back, and the file's metadata. {@link #predict}
 * is thread-safe (ONNX Runtime sessions are). A malformed or truncated file fails at {@link #load} with the file
 * named.
 */
public final class OnnxInferenceModel implements InferenceModel {

  private static final System.Logger LOG = System.getLogger(OnnxInferenceModel.class.getName());

  private final Path file;
  private final OrtSession session;
  private final List<String> inputs;
  private final String output;
  /** Read on the first {@link #metadata()} call, not at load (see there why). */
  private volatile Map<String, String> metadata;
  private final NativeTensors tensors = new NativeTensors();
  private volatile boolean closed;

  private OnnxInferenceModel(Path file, OrtSession session) throws OrtException {
    this.file = file;
    this.session = session;
    Map<String, NodeInfo> in = session.getInputInfo();
    this.inputs = List.copyOf(in.keySet());
    this.output = session.getOutputInfo().keySet().iterator().next();
  }

  /** Loads {@code file} on {@code device} (CUDA falls back to the CPU with one log line). */
  public static OnnxInferenceModel load(Path file, Device device) {
    return load(file, SessionConfig.of(device));
  }

  /**
   * Loads {@code file} with {@code config}: its device (CUDA falls back to the CPU with one log
   * line), threads, optimization level, and whether the native heap is trimmed once the session
   * is built (see {@link SessionConfig#trimNativeHeap}).
   */
  public static OnnxInferenceModel load(Path file, SessionConfig config) {
    checkArgument(Files.isRegularFile(file), "ONNX file %s does not exist", file);
    Device device = config.device();
    OrtSession session;
    try (Providers.Choice choice = Providers.options(config)) {
      session = create(file, choice.options());
    } catch (OrtRunException e) {
      if (device.kind() != Device.Kind.CUDA) {
        throw e;
      }
      Providers.logFallback("could not load " + file + " on CUDA (" + Providers.firstLine(e.getCause())
          + "); running on the CPU");
      try (OrtSession.SessionOptions cpu = Providers.cpuOptions(config)) {
        session = create(file, cpu);
      }
    }
    if (config.trimNativeHeap()) {
      trimNativeHeap();
    }
    try {
      return new OnnxInferenceModel(file, session);
    } catch (OrtException e) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // the first failure is the one to report
      }
      throw new OrtRunException("could not read the inputs and outputs of " + file + ": " + e.getMessage(), e);
    }
  }

  private static OrtSession create(Path file, OrtSession.SessionOptions options) {
    try {
      // from the path, not from a byte[]: reading the bytes first held the whole file on the Java
      // heap and ONNX Runtime copied it again, so a loaded resnet18 took about 5.6x its file size
      // in resident memory (./fastj bench-memory). ONNX Runtime has read the file when the session
      // exists, so the caller may still delete it as soon as load returns.
      return OrtTensors.env().createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new OrtRunException("could not load the ONNX model " + file + " (malformed, truncated or using an "
          + "operator ONNX Runtime does not know): " + e.getMessage(), e);
    }
  }

  /**
   * Asks the JVM to hand freed native memory back to the operating system, and returns what it
   * said ({@code "Trim native heap: RSS+Swap: 233M->119M (-114M)"}), or null where the JVM has no
   * such command (before 17.0.9, not HotSpot).
   *
   * <p>Why: building a session parses the model into protobuf messages, makes optimized copies of
   * the weights (NCHWc-reordered convolution weights under {@code ALL_OPT}) and frees what it no
   * longer needs; glibc's malloc keeps most of the freed memory resident. Trimmed, a loaded
   * resnet18 holds about its weights once. Java has no public call for {@code malloc_trim}; the
   * JVM's diagnostic command makes it on glibc and answers "not available" elsewhere.
   */
  static String trimNativeHeap() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      Object said = server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "systemTrimNativeHeap", new Object[] {new String[0]}, new String[] {String[].class.getName()});
      String line = String.valueOf(said).strip();
      LOG.log(System.Logger.Level.DEBUG, line);
      return line;
    } catch (JMException | RuntimeException e) {
      // only memory is at stake: the model is loaded and works either way
      LOG.log(System.Logger.Level.DEBUG, "could not trim the native heap: " + e);
      return null;
    }
  }

  /** Names of the model's inputs, in the order {@link #predict} feeds them. */
  public List<String> inputNames() {
    return inputs;
  }

  @Override
  public TensorData predict(List<TensorData> values) {
    checkArgument(values.size() == inputs.size(), "%s takes %s inputs %s, got %s", file.getFileName(), inputs.size(),
        inputs, values.size());
    if (closed) {
      throw new IllegalStateException("the inference model " + file + " was closed");
    }
    List<OnnxTensor> temp = new ArrayList<>();
    try {
      Map<String, OnnxTensor> feed = new HashMap<>();
      for (int i = 0; i < values.size(); i++) {
        OnnxTensor t = tensors.wrap(values.get(i), "input " + inputs.get(i));
        temp.add(t);
        feed.put(inputs.get(i), t);
      }
      OrtSession.Result r;
      try {
        r = session.run(feed, Set.of(output));
      } catch (OrtException e) {
        throw new OrtRunException("predict with " + file + " failed: " + e.getMessage(), e);
      }
      try (r) {
        OnnxValue v = r.get(0);
        return NativeTensors.toTensorData((OnnxTensor) v);
      }
    } finally {
      tensors.closeAll(temp);
    }
  }

  /**
   * The custom metadata stored in the model file (fastj's provenance entries and the user's),
   * read from the session on the first call. Not at load: ONNX Runtime's metadata read grows
   * faster than linearly with the number of entries, and a text model carries its vocabulary
   * as one entry per token (20,536 for all the bundled mail: nearly all of a predict's 37 to 75 s), while
   * {@code Learner.load} takes what it needs from the export file instead.
   */
  public Map<String, String> metadata() {
    Map<String, String> m = metadata;
    if (m == null) {
      synchronized (this) {
        m = metadata;
        if (m == null) {
          if (closed) {
            throw new IllegalStateException("the inference model of " + file + " is closed; read its metadata() "
                + "before close()");
          }
          try {
            m = Map.copyOf(new LinkedHashMap<>(session.getMetadata().getCustomMetadata()));
          } catch (OrtException e) {
            throw new OrtRunException("could not read the metadata of " + file + ": " + e.getMessage(), e);
          }
          metadata = m;
        }
      }
    }
    return m;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        session.close();
      } catch (OrtException e) {
        throw new OrtRunException("could not close the session of " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
