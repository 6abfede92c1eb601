/**
 * The data sets fastj bundles (a Fashion-MNIST subset, the 8x8 digits, Titanic, the SpamAssassin
 * mail), each with its licence: resources only, read by {@code dev.fastj.vision.Datasets},
 * {@code dev.fastj.text.TextDatasets} and {@code dev.fastj.tabular.TabularDatasets}.
 *
 * <p>An open module with no classes: opening every folder lets the other modules find the files
 * through their class loader, and a new data set needs no change here. On the module path an
 * application adds {@code requires dev.fastj.datasets;} (or {@code --add-modules
 * dev.fastj.datasets}), since no fastj module requires it: apps that only predict leave it out.
 */
open module dev.fastj.datasets {
}
