package dev.fastj.vision;

import java.util.Objects;

/**
 * The 8x8 handwritten digits (scikit-learn's {@code load_digits}) as arrays: one row of 64
 * pixel values in [0, 1] (the original 0..16 divided by 16) per image, row by row, and its
 * digit 0..9. See {@link Datasets#digitsArrays()}.
 *
 * @param pixels one row of {@link #PIXELS} values per image
 * @param labels the digit of each image
 */
public record DigitsArrays(float[][] pixels, int[] labels) {

  /** Side of the square images. */
  public static final int SIDE = 8;
  /** Values per image. */
  public static final int PIXELS = SIDE * SIDE;

  /** Checks that there is one label per image. */
  public DigitsArrays {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(labels, "labels");
    if (pixels.length != labels.length) {
      throw new IllegalArgumentException(
          "pixels has " + pixels.length + " rows but labels has " + labels.length
              + "; pass one label per image");
    }
  }

  /** Number of images. */
  public int size() {
    return labels.length;
  }
}
