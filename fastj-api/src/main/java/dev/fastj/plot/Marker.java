package dev.fastj.plot;

import java.util.Objects;

/**
 * A point marked on a {@link LinePlot} with a red dot and a legend entry, as fastai marks
 * lr_find's suggestion ("valley").
 *
 * @param x where on the x axis
 * @param y where on the y axis
 * @param label the legend entry, for example "valley: 1.2e-03"
 */
public record Marker(double x, double y, String label) {

  /** Checks the label is present. */
  public Marker {
    Objects.requireNonNull(label, "label");
  }
}
