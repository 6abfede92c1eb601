package dev.fastj.learner;

import dev.fastj.data.Block;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.InputSpec;
import dev.fastj.data.internal.BlockDataLoaders;
import dev.fastj.spi.TrainableModel;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link Learner#dls(DataLoaders)} checks and carries over when a Learner takes new data
 * loaders: the targets must not change, inputs may change only in their spatial size, and the
 * whole state (weights, buffers, optimizer) moves to the train step compiled for the new shape.
 */
final class DataSwap {

  private DataSwap() {}

  /** Fails, naming both sides, when {@code next} has other targets or other inputs than sizes. */
  static void check(DataLoaders now, DataLoaders next) {
    if (now.outputCount() != next.outputCount() || !now.vocab().equals(next.vocab())) {
      throw new IllegalArgumentException("the new dls have " + next.outputCount() + " outputs " + next.vocab()
          + " but the learner was built for " + now.outputCount() + " " + now.vocab() + "; learn.dls(...) keeps the "
          + "model's head, so give it the same targets (only the inputs' size may change), or build a new learner");
    }
    String a = targetKind(now);
    String b = targetKind(next);
    if (a != null && b != null && !a.equals(b)) {
      throw new IllegalArgumentException("the new dls have a " + b + " target but the learner was built for a " + a
          + " target; learn.dls(...) keeps the model, its head and its loss, so build a new learner for " + b);
    }
    List<InputSpec> x = now.inputSpecs();
    List<InputSpec> y = next.inputSpecs();
    boolean same = x.size() == y.size();
    for (int i = 0; same && i < x.size(); i++) {
      long[] s = x.get(i).shape();
      long[] t = y.get(i).shape();
      same = x.get(i).name().equals(y.get(i).name()) && x.get(i).dtype() == y.get(i).dtype() && s.length == t.length
          && (s.length == 0 || s.length < 3 ? Arrays.equals(s, t) : s[0] == t[0]);
    }
    if (!same) {
      throw new IllegalArgumentException("the new dls give inputs " + y + " but the learner was built for " + x
          + "; learn.dls(...) may change an image's height and width only (the same channels and types)");
    }
  }

  private static String targetKind(DataLoaders d) {
    Block t = d instanceof BlockDataLoaders b ? b.targetBlock() : null;
    return t == null ? null : t.getClass().getSimpleName();
  }

  /** Copies weights, buffers and optimizer state, the trainable set and mixed precision to {@code to}. */
  static void carry(TrainableModel from, TrainableModel to, boolean[] trainable) {
    to.loadStateDict(from.stateDict(true));
    to.setTrainable(trainable);
    if (to.mixedPrecision() != from.mixedPrecision()) {
      // a step compiled before may have been left in the other mode
      to.setMixedPrecision(from.mixedPrecision());
    }
  }
}
