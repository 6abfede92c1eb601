package dev.fastj.data.internal;

/** Derives independent seeds from a base seed and counters, so work can run in any thread order. */
final class Seeds {

  private Seeds() {}

  /** A well-mixed seed from {@code base} and {@code parts} (SplitMix64 finaliser per part). */
  static long of(long base, long... parts) {
    long h = mix(base ^ 0x9E3779B97F4A7C15L);
    for (long p : parts) {
      h = mix(h ^ mix(p + 0x632BE59BD9B4E019L));
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
