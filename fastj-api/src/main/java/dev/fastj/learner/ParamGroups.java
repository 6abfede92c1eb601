package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.spi.Hyper;
import dev.fastj.spi.ParamInfo;
import java.util.List;

/**
 * The Learner's view of parameter groups. Users see {@code userGroups} groups (from the
 * splitter); the backend sees twice as many: parameter {@code p} of user group {@code u} goes to
 * internal group {@code 2u} when it is a plain weight and {@code 2u + 1} when it is a norm or bias
 * parameter. That is how norm and bias parameters get no weight decay (fastai's
 * {@code wd_bn_bias=False}) while a {@link Hyper} only holds one value per group: the odd internal
 * groups get weight decay 0 unless the optimizer asks for {@code wdBnBias}. Learning rate and
 * momentum of both internal groups equal the user group's.
 */
final class ParamGroups {

  private final List<ParamInfo> params;
  private final int[] userGroup;
  private final int userGroups;

  ParamGroups(List<ParamInfo> params, ParamSplitter splitter) {
    checkArgument(!params.isEmpty(), "the model has no trainable parameters");
    this.params = List.copyOf(params);
    userGroup = new int[params.size()];
    int max = 0;
    for (int i = 0; i < params.size(); i++) {
      int g = splitter.groupOf(params.get(i).name());
      checkArgument(g >= 0, "splitter put parameter %s in group %s; groups count from 0", params.get(i).name(), g);
      userGroup[i] = g;
      max = Math.max(max, g);
    }
    // a group may be empty (an ONNX body is one child, so its second body group has nothing):
    // it still has hyper-parameters and counts for freeze and slices, as in fastai
    userGroups = max + 1;
  }

  int userGroups() {
    return userGroups;
  }

  int paramCount() {
    return params.size();
  }

  /** The user group of parameter {@code i}. */
  int userGroupOf(int i) {
    return userGroup[i];
  }

  /** Internal group of each parameter, for {@code TrainableModel.setParamGroups}. */
  int[] internalGroups() {
    int[] out = new int[params.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = 2 * userGroup[i] + (params.get(i).role().isBnOrBias() ? 1 : 0);
    }
    return out;
  }

  /**
   * Which parameters train when the first {@code frozenIdx} user groups are frozen; norm
   * parameters always train when {@code trainBn} (fastai's {@code train_bn=True}).
   */
  boolean[] trainable(int frozenIdx, boolean trainBn) {
    boolean[] out = new boolean[params.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = userGroup[i] >= frozenIdx || (trainBn && params.get(i).role().isNorm());
    }
    return out;
  }

  /** The backend's hyper-parameters for one step, expanded to the internal groups. */
  Hyper expand(Hypers h, boolean wdBnBias, long step) {
    double[] lr = h.get(HyperParam.LR);
    double[] mom = h.get(HyperParam.MOM);
    double[] wd = h.get(HyperParam.WD);
    int n = 2 * userGroups;
    double[] l = new double[n];
    double[] m = new double[n];
    double[] w = new double[n];
    for (int g = 0; g < userGroups; g++) {
      l[2 * g] = lr[g];
      l[2 * g + 1] = lr[g];
      m[2 * g] = mom[g];
      m[2 * g + 1] = mom[g];
      w[2 * g] = wd[g];
      w[2 * g + 1] = wdBnBias ? wd[g] : 0;
    }
    return new Hyper(l, m, w, step);
  }
}
