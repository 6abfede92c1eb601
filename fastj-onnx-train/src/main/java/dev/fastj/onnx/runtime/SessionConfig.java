package dev.fastj.onnx.runtime;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.fastj.spi.Device;

/**
 * How an ONNX Runtime session is set up: the device asked for, the intra-op and inter-op
 * thread counts (0: ONNX Runtime's default), the graph optimization level and whether idle pool
 * threads spin. Immutable;
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
 * @param spinning whether ONNX Runtime's pool threads spin while waiting for work (its default) instead
 *     of sleeping. Off by default: when other threads compete for the cores (fastj's data-loading
 *     threads, other processes), spinning threads take the time from the working ones; measured with
 *     two threads on a busy two-core machine, a ResNet train step (32x32, batch 64) took 574 ms
 *     instead of 1010 ms and an MLP step 21 ms instead of 53 ms without spinning. On an idle machine
 *     spinning saves the wake-up latency of each operator.
 */
public record SessionConfig(Device device, int intraOpThreads, int interOpThreads, OptLevel optimization,
    boolean spinning) {

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

  /** The CPU, ONNX Runtime's default thread counts, all graph optimizations, no spinning. */
  public static SessionConfig defaults() {
    return new SessionConfig(Device.cpu(), 0, 0, OptLevel.ALL_OPT, false);
  }

  /**
   * The settings for {@code device}: its kind and id, and its thread count as the intra-op
   * thread count.
   */
  public static SessionConfig of(Device device) {
    return new SessionConfig(device, device.threads(), 0, OptLevel.ALL_OPT, false);
  }

  /** A copy running on {@code d}. */
  public SessionConfig withDevice(Device d) {
    return new SessionConfig(d, intraOpThreads, interOpThreads, optimization, spinning);
  }

  /** A copy with {@code n} threads inside each operator (0: ONNX Runtime's default). */
  public SessionConfig withIntraOpThreads(int n) {
    return new SessionConfig(device, n, interOpThreads, optimization, spinning);
  }

  /** A copy with {@code n} threads across operators (0: ONNX Runtime's default). */
  public SessionConfig withInterOpThreads(int n) {
    return new SessionConfig(device, intraOpThreads, n, optimization, spinning);
  }

  /** A copy with another graph optimization level. */
  public SessionConfig withOptimization(OptLevel level) {
    return new SessionConfig(device, intraOpThreads, interOpThreads, level, spinning);
  }

  /** A copy whose pool threads spin while waiting for work ({@code true}) or sleep. */
  public SessionConfig withSpinning(boolean spin) {
    return new SessionConfig(device, intraOpThreads, interOpThreads, optimization, spin);
  }
}
