package dev.fastj.learner;

/**
 * The hyper-parameters a schedule may change between steps, per parameter group: fastai's
 * {@code 'lr'}, {@code 'mom'} and {@code 'wd'} keys of {@code opt.hypers}, without strings.
 */
public enum HyperParam {
  /** Learning rate. */
  LR,
  /** Momentum (SGD) or beta1 (Adam). */
  MOM,
  /** Weight decay. */
  WD
}
