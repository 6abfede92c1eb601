package dev.fastj.onnx.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.fastj.spi.Device;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses the execution provider for a session: CUDA when asked for and available, otherwise
 * the CPU. When CUDA cannot be used (no GPU, no CUDA libraries, or the CPU package of ONNX
 * Runtime on the class path), the session is built on the CPU and one line is logged saying
 * why; the same reason is logged once per JVM.
 */
public final class Providers {

  private static final System.Logger LOG = System.getLogger(Providers.class.getName());
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger PROFILED = new AtomicInteger();

  /**
   * The system property that turns on ONNX Runtime's profiler for every CPU session: its value is a
   * path prefix, and each session writes {@code PREFIX_<n>_<timestamp>.json} (Chrome trace format,
   * one event a node run) when it closes. {@code dev/profile_ops.py} sums such a file by operator.
   * For developers: a profiled session runs slower.
   */
  public static final String PROFILE_PROPERTY = "fastj.ort.profile";

  private Providers() {
  }

  /**
   * Session options and the device kind they run on. Close it once the session is built.
   *
   * @param options the ONNX Runtime session options
   * @param kind the provider actually chosen
   */
  public record Choice(SessionOptions options, Device.Kind kind) implements AutoCloseable {

    /** Releases the native session options. */
    @Override
    public void close() {
      options.close();
    }
  }

  /**
   * Options for {@code config}: threads and optimization level, and CUDA on
   * {@code config.device().deviceId()} when the device asked for is CUDA and ONNX Runtime can
   * add it; otherwise CPU options and one log line.
   */
  public static Choice options(SessionConfig config) {
    if (config.device().kind() == Device.Kind.CUDA) {
      SessionOptions opts = cpuOptions(config);
      try {
        opts.addCUDA(config.device().deviceId());
        return new Choice(opts, Device.Kind.CUDA);
      } catch (OrtException | RuntimeException | LinkageError e) {
        opts.close();
        logFallback("CUDA device " + config.device().deviceId() + " is not available (" + firstLine(e)
            + "); running on the CPU");
      }
    }
    return new Choice(cpuOptions(config), Device.Kind.CPU);
  }

  /**
   * Options for the CPU only, with the thread counts, optimization level and spinning of {@code config},
   * ONNX Runtime's deterministic compute when {@code config.device().deterministic()}, and its
   * profiler when the {@link #PROFILE_PROPERTY} system property is set.
   */
  public static SessionOptions cpuOptions(SessionConfig config) {
    SessionOptions opts = new SessionOptions();
    try {
      if (config.intraOpThreads() > 0) {
        opts.setIntraOpNumThreads(config.intraOpThreads());
      }
      if (config.interOpThreads() > 0) {
        opts.setInterOpNumThreads(config.interOpThreads());
      }
      opts.setOptimizationLevel(config.optimization());
      if (config.device().deterministic()) {
        opts.setDeterministicCompute(true);
      }
      String spin = config.spinning() ? "1" : "0";
      opts.addConfigEntry("session.intra_op.allow_spinning", spin);
      opts.addConfigEntry("session.inter_op.allow_spinning", spin);
      String profile = System.getProperty(PROFILE_PROPERTY, "");
      if (!profile.isBlank()) {
        opts.enableProfiling(profile + "_" + PROFILED.incrementAndGet());
      }
      return opts;
    } catch (OrtException e) {
      opts.close();
      throw new OrtRunException("could not set ONNX Runtime session options " + config + ": " + e.getMessage(), e);
    }
  }

  /** Logs {@code message} at WARNING unless the same message was logged before in this JVM. */
  static void logFallback(String message) {
    if (LOGGED.add(message)) {
      LOG.log(Level.WARNING, message);
    }
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
