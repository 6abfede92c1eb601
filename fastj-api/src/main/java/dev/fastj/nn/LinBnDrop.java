package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;

/**
 * fastai's {@code LinBnDrop(n_in, n_out, bn=True, p=0., act=None, lin_first=False)}: a
 * {@code Sequential} of fastai's {@code BatchNorm} (of {@code n_in}, or of {@code n_out} when
 * {@code linFirst}), a Dropout when {@code p > 0}, and {@code Linear(n_in, n_out)} (without bias
 * when there is a BatchNorm) followed by the activation; with {@code linFirst} the linear layer
 * and its activation come first. Children are numbered in that order, so parameter names match
 * PyTorch's state dict ({@code 0.weight} is the linear weight when {@code linFirst}).
 *
 * @param nIn input features
 * @param nOut output features
 * @param bn whether a BatchNorm is added
 * @param p dropout probability (0: no Dropout)
 * @param act the activation after the linear layer, or null for none
 * @param linFirst whether the linear layer comes before the BatchNorm and Dropout
 */
public record LinBnDrop(int nIn, int nOut, boolean bn, double p, Module act, boolean linFirst) implements Module {

  /** Checks the values. */
  public LinBnDrop {
    checkArgument(nIn > 0 && nOut > 0, "LinBnDrop needs positive sizes, got %s -> %s", nIn, nOut);
    checkArgument(p >= 0 && p < 1, "LinBnDrop p must be in [0, 1), got %s", p);
  }

  /** {@code LinBnDrop(n_in, n_out)}: BatchNorm, Linear without bias, no dropout, no activation. */
  public static LinBnDrop of(int nIn, int nOut) {
    return new LinBnDrop(nIn, nOut, true, 0, null, false);
  }

  /** A copy with or without the BatchNorm. */
  public LinBnDrop withBn(boolean b) {
    return new LinBnDrop(nIn, nOut, b, p, act, linFirst);
  }

  /** A copy with dropout {@code prob}. */
  public LinBnDrop withP(double prob) {
    return new LinBnDrop(nIn, nOut, bn, prob, act, linFirst);
  }

  /** A copy with activation {@code a} (null: none). */
  public LinBnDrop withAct(Module a) {
    return new LinBnDrop(nIn, nOut, bn, p, a, linFirst);
  }

  /** A copy with the linear layer first (or last). */
  public LinBnDrop withLinFirst(boolean l) {
    return new LinBnDrop(nIn, nOut, bn, p, act, l);
  }

  /** The layers in order, as fastai's {@code nn.Sequential} holds them. */
  public Sequential layers() {
    List<Module> norm = new ArrayList<>();
    if (bn) {
      norm.add(BatchNorm1d.fastai(linFirst ? nOut : nIn));
    }
    if (p != 0) {
      norm.add(Dropout.of(p));
    }
    List<Module> lin = new ArrayList<>();
    lin.add(Linear.of(nIn, nOut).withBias(!bn));
    if (act != null) {
      lin.add(act);
    }
    List<Module> all = new ArrayList<>(linFirst ? lin : norm);
    all.addAll(linFirst ? norm : lin);
    return Sequential.of(all);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    return layers().forward(e, x);
  }

  @Override
  public String describe() {
    return "LinBnDrop(" + nIn + " -> " + nOut + (bn ? ", bn" : "") + (p != 0 ? ", p=" + p : "")
        + (act != null ? ", " + act.describe() : "") + (linFirst ? ", lin_first" : "") + ")";
  }
}
