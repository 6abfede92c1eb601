package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.AdaptiveAvgPool2d;
import dev.fastj.nn.AdaptiveConcatPool2d;
import dev.fastj.nn.BatchNorm1d;
import dev.fastj.nn.Dropout;
import dev.fastj.nn.Flatten;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Module;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.nn.SigmoidRange;
import dev.fastj.nn.WeightInit;
import java.util.ArrayList;
import java.util.List;

/**
 * fastai's {@code create_head}: the classifier put after a body.
 *
 * <p>With the defaults and a body of {@code nf} features, the head is, child by child:
 * {@code 0 AdaptiveConcatPool2d}, {@code 1 Flatten}, {@code 2 BatchNorm1d(2nf)}, {@code 3 Dropout(0.25)},
 * {@code 4 Linear(2nf, 512, bias=False)}, {@code 5 ReLU}, {@code 6 BatchNorm1d(512)},
 * {@code 7 Dropout(0.5)}, {@code 8 Linear(512, nOut, bias=False)}. Linear layers get fastai's
 * {@code apply_init(head, nn.init.kaiming_normal_)} (kaiming-normal weight, zero bias); a linear
 * layer has a bias only where no BatchNorm precedes it, and a dropout of 0 is left out, as in
 * {@code LinBnDrop}. Its BatchNorms are fastai's {@code BatchNorm} (bias starting at 1e-3), except
 * the final one of {@code bn_final}, a plain {@code nn.BatchNorm1d(n_out, momentum=0.01)}.
 */
public final class Heads {

  private Heads() {}

  /** {@code create_head(nf, n_out)} with fastai's defaults. */
  public static Sequential createHead(int nf, int nOut) {
    return createHead(nf, nOut, HeadOptions.defaults());
  }

  /** {@code create_head(nf, n_out, lin_ftrs, ps, concat_pool, first_bn, bn_final, y_range)}. */
  public static Sequential createHead(int nf, int nOut, HeadOptions o) {
    checkArgument(nf > 0, "createHead nf must be positive, got %s; pass the body's output channels", nf);
    checkArgument(nOut > 0, "createHead nOut must be positive, got %s; pass the number of classes", nOut);
    checkArgument(o != null, "createHead options are null; use HeadOptions.defaults()");
    List<Integer> ftrs = new ArrayList<>();
    ftrs.add(o.concatPool() ? nf * 2 : nf);
    ftrs.addAll(o.linFtrs() == null ? List.of(512) : o.linFtrs());
    ftrs.add(nOut);
    int nLin = ftrs.size() - 1;
    List<Double> ps = new ArrayList<>();
    if (o.ps().size() == 1) {
      double p = o.ps().get(0);
      for (int i = 0; i < nLin - 1; i++) {
        ps.add(p / 2);
      }
      ps.add(p);
    } else {
      checkArgument(o.ps().size() == nLin, "ps has %s values but the head has %s linear layers; pass one value or %s",
          o.ps().size(), nLin, nLin);
      ps.addAll(o.ps());
    }
    List<Module> layers = new ArrayList<>();
    layers.add(o.concatPool() ? AdaptiveConcatPool2d.create() : AdaptiveAvgPool2d.of(1));
    layers.add(Flatten.create());
    for (int i = 0; i < nLin; i++) {
      int ni = ftrs.get(i);
      int no = ftrs.get(i + 1);
      boolean bn = i > 0 || o.firstBn();
      if (bn) {
        layers.add(BatchNorm1d.fastai(ni));
      }
      if (ps.get(i) != 0) {
        layers.add(Dropout.of(ps.get(i)));
      }
      layers.add(Linear.of(ni, no).withBias(!bn).withInit(WeightInit.KAIMING_NORMAL));
      if (i < nLin - 1) {
        layers.add(ReLU.create());
      }
    }
    if (o.bnFinal()) {
      layers.add(BatchNorm1d.of(nOut).withMomentum(0.01));
    }
    if (o.yRange() != null) {
      layers.add(SigmoidRange.of(o.yRange().get(0), o.yRange().get(1)));
    }
    return Sequential.of(layers);
  }
}
