/**
 * Callbacks at fastai's training events: {@link dev.fastj.callback.Callback} (the events and an
 * order), the cancellation exceptions ({@link dev.fastj.callback.CancelFitException} and
 * friends), and the built-in ones: {@link dev.fastj.callback.Recorder},
 * {@link dev.fastj.callback.ProgressCallback}, {@link dev.fastj.callback.ParamScheduler},
 * {@link dev.fastj.callback.EarlyStoppingCallback}, {@link dev.fastj.callback.SaveModelCallback}.
 */
package dev.fastj.callback;
