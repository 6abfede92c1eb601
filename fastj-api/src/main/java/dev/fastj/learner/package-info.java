/**
 * The Learner and fastai's training recipes. Entry points: {@link dev.fastj.learner.Learner}
 * ({@code fit}, {@code fitOneCycle}, {@code fitFlatCos}, {@code fineTune}, {@code lrFind},
 * {@code freeze}, {@code save}/{@code load}, {@code export}, {@code Learner.load},
 * {@code predict}, {@code getPreds}), {@link dev.fastj.learner.Lr} (discriminative learning
 * rates with slice semantics), {@link dev.fastj.learner.OneCycle} and
 * {@link dev.fastj.learner.FineTune} (options with fastai's defaults),
 * {@link dev.fastj.learner.LrFind} (suggestions), {@link dev.fastj.learner.FitState} (what
 * callbacks see), {@link dev.fastj.learner.ExportedBody} (where an export's body ends).
 */
package dev.fastj.learner;
