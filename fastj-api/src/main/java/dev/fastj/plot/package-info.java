/**
 * Charts written as PNG files with JFreeChart, headless: {@link dev.fastj.plot.Plots#line}
 * for loss curves and lr_find (a {@link dev.fastj.plot.LinePlot} of
 * {@link dev.fastj.plot.Series}, optionally with a {@link dev.fastj.plot.Marker}) and
 * {@link dev.fastj.plot.Plots#confusionMatrix}.
 */
package dev.fastj.plot;
