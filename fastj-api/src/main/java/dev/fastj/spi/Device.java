package dev.fastj.spi;

/**
 * Where a model runs: the CPU with a thread count (0: the runtime's default), or CUDA with a
 * device id, falling back to the CPU with one log line when CUDA is not available.
 */
public record Device(Kind kind, int deviceId, int threads) {

  /** The execution provider asked for. */
  public enum Kind {
    CPU,
    CUDA
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
}
