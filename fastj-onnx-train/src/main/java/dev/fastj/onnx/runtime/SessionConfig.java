package dev.fastj.onnx.runtime;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.fastj.spi.Device;

/**
 * How an ONNX Runtime session is set up: the device asked for, the intra-op and inter-op
 * thread counts (0: ONNX Runtime's default) and the graph optimization level. Immutable;
 * change one setting with a {@code with...} copy:
 *
 * <pre>{@code
 * SessionConfig cfg = SessionConfig.defaults().withIntraOpThreads(2);
 * }</pre>
 *
 * @param device where to run; CUDA falls back to the CPU with one log line when unavailable
 * @param intraOpThreads threads inside one operator, 0 for ONNX Runtime's default
 * @param interOpThreads threads across independent operators, 0 for ONNX Runtime's default
 * @param optimization ONNX Runtime's graph optimization level
 */
public record SessionConfig(Device device, int intraOpThreads, int interOpThreads, OptLevel optimization) {

  /** Validates the thread counts. */
  public SessionConfig {
    if (device == null) {
      throw new IllegalArgumentException("device is null; use Device.cpu() or Device.cuda(0)");
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException("thread counts must be 0 (default) or positive, got intra-op "
          + intraOpThreads + " and inter-op " + interOpThreads);
    }
    if (optimization == null) {
      throw new IllegalArgumentException("optimization level is null; use OptLevel.ALL_OPT");
    }
  }

  /** The CPU, ONNX Runtime's default thread counts, all graph optimizations. */
  public static SessionConfig defaults() {
    return new SessionConfig(Device.cpu(), 0, 0, OptLevel.ALL_OPT);
  }

  /**
   * The settings for {@code device}: its kind and id, and its thread count as the intra-op
   * thread count.
   */
  public static SessionConfig of(Device device) {
    return new SessionConfig(device, device.threads(), 0, OptLevel.ALL_OPT);
  }

  /** A copy running on {@code d}. */
  public SessionConfig withDevice(Device d) {
    return new SessionConfig(d, intraOpThreads, interOpThreads, optimization);
  }

  /** A copy with {@code n} threads inside each operator (0: ONNX Runtime's default). */
  public SessionConfig withIntraOpThreads(int n) {
    return new SessionConfig(device, n, interOpThreads, optimization);
  }

  /** A copy with {@code n} threads across operators (0: ONNX Runtime's default). */
  public SessionConfig withInterOpThreads(int n) {
    return new SessionConfig(device, intraOpThreads, n, optimization);
  }

  /** A copy with another graph optimization level. */
  public SessionConfig withOptimization(OptLevel level) {
    return new SessionConfig(device, intraOpThreads, interOpThreads, level);
  }
}
