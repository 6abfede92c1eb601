/**
 * fastj's API: the DataBlock DSL, data loaders, the layer DSL, the Learner with fastai's training
 * recipes, callbacks, metrics, interpretation, vision, and the backend SPI that fastj-onnx-train
 * implements. Every package is exported except the {@code internal} ones, which are
 * implementation; {@code dev.fastj.internal} (atomic file writes) is shared with fastj-text only.
 *
 * <p>An application reads it through {@code requires dev.fastj.onnx.train;} (which brings it
 * transitively) and adds {@code requires dev.fastj.datasets;} to use the bundled data sets.
 *
 * @uses dev.fastj.spi.Backend the engine that compiles and trains models (fastj-onnx-train's)
 * @uses dev.fastj.spi.InputRecipe.Reader readers of exported input recipes (text, tabular)
 */
@SuppressWarnings({"module", "requires-automatic"})
module dev.fastj.api {
  // "requires-automatic": jfreechart and the TwelveMonkeys plugins are automatic modules named by
  // their manifests' Automatic-Module-Name, which their projects keep stable. "module": fastj-text,
  // the target of the qualified export, is downstream, so javac cannot see it here.

  // ImageTensor and Images take and return java.awt.image.BufferedImage
  requires transitive java.desktop;
  requires com.google.common;
  requires org.apache.commons.csv;
  requires org.jfree.jfreechart;
  // WebP and BMP readers, found by ImageIO as services: required so that they are in every
  // module graph (jlink without --bind-services too)
  requires com.twelvemonkeys.imageio.webp;
  requires com.twelvemonkeys.imageio.bmp;

  exports dev.fastj.callback;
  exports dev.fastj.data;
  exports dev.fastj.interpret;
  exports dev.fastj.learner;
  exports dev.fastj.learner.schedule;
  exports dev.fastj.metrics;
  exports dev.fastj.nn;
  exports dev.fastj.optim;
  exports dev.fastj.plot;
  exports dev.fastj.spi;
  exports dev.fastj.vision;
  exports dev.fastj.vision.image;

  // TextTable and TokenizedFolder write their files with AtomicFiles
  exports dev.fastj.internal to dev.fastj.text;

  uses dev.fastj.spi.Backend;
  uses dev.fastj.spi.InputRecipe.Reader;
}
