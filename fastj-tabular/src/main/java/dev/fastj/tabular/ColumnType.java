package dev.fastj.tabular;

/** The type of a column of a {@link Table}, as pandas' {@code read_csv} would give it. */
public enum ColumnType {
  /** Every cell an integer and none missing (pandas' int64). */
  INTEGER,
  /** Numbers, some with a decimal point or exponent, or integers with missing cells (pandas' float64). */
  FLOAT,
  /** At least one present cell that is not a number (pandas' object). */
  TEXT,
  /** Every cell missing. */
  EMPTY
}
