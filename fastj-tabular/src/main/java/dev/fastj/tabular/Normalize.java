package dev.fastj.tabular;

/**
 * fastai's {@code Normalize} for tables: each continuous column becomes {@code (x - mean) / std}
 * with the mean and the standard deviation (population, {@code ddof=0}, plus 1e-7) of the
 * training rows only, after {@link FillMissing} filled them.
 */
public record Normalize() implements TabularProc {

  /** The proc. */
  public static Normalize create() {
    return new Normalize();
  }

  @Override
  public int order() {
    return 99;
  }
}
