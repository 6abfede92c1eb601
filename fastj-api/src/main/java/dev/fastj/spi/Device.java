package dev.fastj.spi;

/**
 * Where a model runs: the CPU with a thread count (0: the runtime's default), or CUDA with a
 * device id, falling back to the CPU with one log line when CUDA is not available.
 *
 * <p>{@code deterministic} asks the runtime for kernels that give bit-identical results run after
 * run (fastai's {@code set_seed(seed, reproducible=True)}, which sets PyTorch's
 * {@code cudnn.deterministic}); on ONNX Runtime it sets {@code SessionOptions.setDeterministicCompute}.
 * fastj's own randomness (initial weights, data order, augmentations, dropout masks) is seeded
 * either way; see "Reproducible training" in docs/training.md.
 *
 * <pre>{@code
 * Learner learn = VisionLearner.builder(dls, Arch.resnet18()).seed(42)
 *     .device(Device.cpu().withDeterministic(true)).build();
 * }</pre>
 *
 * @param kind the execution provider asked for
 * @param deviceId the CUDA device id (0 on the CPU)
 * @param threads threads inside one operator, 0 for the runtime's default
 * @param deterministic whether to ask the runtime for deterministic kernels
 */
public record Device(Kind kind, int deviceId, int threads, boolean deterministic) {

  /** The execution provider asked for. */
  public enum Kind {
    CPU,
    CUDA
  }

  /** Checks the values. */
  public Device {
    if (kind == null) {
      throw new IllegalArgumentException("device kind is null; use Device.cpu() or Device.cuda(0)");
    }
    if (deviceId < 0 || threads < 0) {
      throw new IllegalArgumentException("device id and thread count must be 0 or more, got device id " + deviceId
          + " and " + threads + " threads");
    }
  }

  /** A device without the deterministic setting (the runtime's fastest kernels). */
  public Device(Kind kind, int deviceId, int threads) {
    this(kind, deviceId, threads, false);
  }

  public static Device cpu() {
    return new Device(Kind.CPU, 0, 0);
  }

  public static Device cpu(int threads) {
    return new Device(Kind.CPU, 0, threads);
  }

  public static Device cuda(int deviceId) {
    return new Device(Kind.CUDA, deviceId, 0);
  }

  /**
   * A copy asking the runtime for deterministic kernels ({@code true}) or its fastest ones
   * ({@code false}, the default).
   */
  public Device withDeterministic(boolean on) {
    return new Device(kind, deviceId, threads, on);
  }
}
