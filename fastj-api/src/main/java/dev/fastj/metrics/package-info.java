/**
 * Validation metrics: {@link dev.fastj.metrics.Metrics} holds fastai's built-in ones (accuracy,
 * error_rate, accuracy_multi, fbeta_score, dice, jaccard_coeff, foreground_acc, rmse, mae); a new one
 * implements {@link dev.fastj.metrics.Metric}.
 */
package dev.fastj.metrics;
