package dev.fastj.onnx.runtime;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.fastj.spi.Device;

/**
 * How an ONNX Runtime session is set up: the device asked for, the intra-op and inter-op
 * thread counts (0: ONNX Runtime's default), the graph optimization level, whether idle pool
 * threads spin, whether loading a model for inference trims the native heap and whether train
 * steps use ONNX Runtime's blocked-layout convolutions. Immutable;
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
 * @param trimNativeHeap whether {@link OnnxInferenceModel#load(java.nio.file.Path, SessionConfig)}
 *     hands the native memory freed while the session was built back to the operating system (the
 *     JVM's {@code System.trim_native_heap}, glibc's {@code malloc_trim}; a no-op elsewhere). On by
 *     default: building a session parses the whole model and makes optimized copies of its weights,
 *     then frees them, and glibc keeps the freed memory resident: a loaded resnet18 export took
 *     3.9-4.1x its file size in resident memory, trimmed 1.1x ({@code ./fastj bench-memory}).
 *     The cost is at load only: 4-8 ms for the trim, plus about 80 ms and 10 MiB once per JVM to
 *     start the JVM's management server; predictions run at the same speed. Disabling prepacking,
 *     the CPU arena or memory patterns did not help; BASIC or EXTENDED optimization reached about
 *     3x at a half to a sixth of the speed. Sessions of a model being trained never trim (they are
 *     rebuilt too often for it).
 * @param blockedConvolutions whether the convolutions of train steps on the CPU run ONNX Runtime's
 *     NCHWc (blocked-layout) kernels with their weights reordered in the graph ({@link NchwcConvs});
 *     on by default. ONNX Runtime only picks those kernels itself for constant weights, and a train
 *     step's weights are inputs: measured on a 2-core AVX-512 machine, a 3x3 convolution of
 *     64x32x32x32 took 14 ms of CPU time with the plain kernel and 9 ms blocked, as fast as with a
 *     constant weight; the ResNet train step of {@code ./fastj bench} 15% less CPU time.
 */
public record SessionConfig(Device device, int intraOpThreads, int interOpThreads, OptLevel optimization,
    boolean spinning, boolean trimNativeHeap, boolean blockedConvolutions) {

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

  /**
   * The CPU, ONNX Runtime's default thread counts, all graph optimizations, no spinning, the
   * native heap trimmed after an inference load, blocked convolutions in train steps.
   */
  public static SessionConfig defaults() {
    return new SessionConfig(Device.cpu(), 0, 0, OptLevel.ALL_OPT, false, true, true);
  }

  /**
   * The settings for {@code device}: its kind and id, and its thread count as the intra-op
   * thread count.
   */
  public static SessionConfig of(Device device) {
    return new SessionConfig(device, device.threads(), 0, OptLevel.ALL_OPT, false, true, true);
  }

  /** A copy running on {@code d}. */
  public SessionConfig withDevice(Device d) {
    return new SessionConfig(d, intraOpThreads, interOpThreads, optimization, spinning, trimNativeHeap,
        blockedConvolutions);
  }

  /** A copy with {@code n} threads inside each operator (0: ONNX Runtime's default). */
  public SessionConfig withIntraOpThreads(int n) {
    return new SessionConfig(device, n, interOpThreads, optimization, spinning, trimNativeHeap,
        blockedConvolutions);
  }

  /** A copy with {@code n} threads across operators (0: ONNX Runtime's default). */
  public SessionConfig withInterOpThreads(int n) {
    return new SessionConfig(device, intraOpThreads, n, optimization, spinning, trimNativeHeap,
        blockedConvolutions);
  }

  /** A copy with another graph optimization level. */
  public SessionConfig withOptimization(OptLevel level) {
    return new SessionConfig(device, intraOpThreads, interOpThreads, level, spinning, trimNativeHeap,
        blockedConvolutions);
  }

  /** A copy whose pool threads spin while waiting for work ({@code true}) or sleep. */
  public SessionConfig withSpinning(boolean spin) {
    return new SessionConfig(device, intraOpThreads, interOpThreads, optimization, spin, trimNativeHeap,
        blockedConvolutions);
  }

  /**
   * A copy that does ({@code true}) or does not trim the native heap after an inference load; turn
   * it off when a process loads many small models in a row and the load time matters more.
   */
  public SessionConfig withTrimNativeHeap(boolean trim) {
    return new SessionConfig(device, intraOpThreads, interOpThreads, optimization, spinning, trim,
        blockedConvolutions);
  }

  /**
   * A copy whose CPU train steps run convolutions with ONNX Runtime's blocked-layout kernels
   * ({@code true}) or its plain ones.
   */
  public SessionConfig withBlockedConvolutions(boolean on) {
    return new SessionConfig(device, intraOpThreads, interOpThreads, optimization, spinning, trimNativeHeap, on);
  }
}
