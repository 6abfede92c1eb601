package dev.fastj.tabular;

/**
 * fastai's {@code Categorify}: each categorical column becomes the index of its value in the
 * column's classes, the sorted distinct values of the training rows (numbers in numeric order)
 * after {@code #na#} at index 0. Missing values, and at inference values the training rows never
 * had, map to {@code #na#} (0), as in fastai.
 */
public record Categorify() implements TabularProc {

  /** The class at index 0: missing and unseen values. */
  public static final String NA = "#na#";

  /** The proc. */
  public static Categorify create() {
    return new Categorify();
  }

  @Override
  public int order() {
    return 1;
  }
}
