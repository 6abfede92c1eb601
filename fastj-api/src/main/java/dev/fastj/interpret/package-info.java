/**
 * Interpreting a trained model's predictions: {@link
 * dev.fastj.interpret.ClassificationInterpretation} (fastai's
 * {@code ClassificationInterpretation}) with its confusion matrix, most confused classes, top
 * losses and classification report, and {@link dev.fastj.interpret.MultiLabelInterpretation} for
 * multi-label models (planet's tags): the items with the largest losses with their predicted and
 * actual tag sets, and a report per tag.
 */
package dev.fastj.interpret;
