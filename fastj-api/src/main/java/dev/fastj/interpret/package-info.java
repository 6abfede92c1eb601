/**
 * Interpreting a trained model's predictions: {@link
 * dev.fastj.interpret.ClassificationInterpretation} (fastai's
 * {@code ClassificationInterpretation}) with its confusion matrix, most confused classes, top
 * losses and classification report.
 */
package dev.fastj.interpret;
