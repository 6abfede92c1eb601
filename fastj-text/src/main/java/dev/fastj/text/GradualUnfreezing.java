package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.callback.Callback;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Lr;
import java.util.List;

/**
 * ULMFiT's gradual unfreezing of a text classifier, as fastai's course trains it (fastbook's
 * {@code 10_nlp.ipynb} and fastai's {@code tutorial.text.ipynb}), with its numbers as defaults:
 *
 * <pre>{@code
 * learn.fit_one_cycle(1, 2e-2)
 * learn.freeze_to(-2)
 * learn.fit_one_cycle(1, slice(1e-2/(2.6**4), 1e-2))
 * learn.freeze_to(-3)
 * learn.fit_one_cycle(1, slice(5e-3/(2.6**4), 5e-3))
 * learn.unfreeze()
 * learn.fit_one_cycle(2, slice(1e-3/(2.6**4), 1e-3))
 * }</pre>
 *
 * <p>The first cycle trains the groups the learner has unfrozen when {@link #fit} starts (the
 * head, after {@code loadEncoder}, which freezes). In Java:
 *
 * <pre>{@code
 * clas.loadEncoder("finetuned");
 * GradualUnfreezing.defaults().fit(clas);
 * GradualUnfreezing.defaults().withEpochs(4).withLastLr(2e-3).fit(clas);   // a longer last cycle
 * }</pre>
 *
 * @param headLr the first cycle's learning rate (fastai: 2e-2)
 * @param lastTwoLr the last group's learning rate once the last two groups train (1e-2)
 * @param lastThreeLr the last group's learning rate once the last three groups train (5e-3)
 * @param lastLr the last group's learning rate once everything trains (1e-3)
 * @param lrMult ratio of the last group's learning rate to the first group's in each slice
 *     (fastai: {@code 2.6**4}, ULMFiT's 2.6 per group over the four groups of its AWD-LSTM)
 * @param epochs epochs of the last cycle, with everything unfrozen (2); the others have one each
 */
public record GradualUnfreezing(double headLr, double lastTwoLr, double lastThreeLr, double lastLr, double lrMult,
    int epochs) {

  /** One {@code freeze_to} and {@code fit_one_cycle} of the recipe. */
  public record Stage(int freezeTo, int epochs, Lr lr) {

    /** fastai's calls for this stage, for logs. */
    @Override
    public String toString() {
      return (freezeTo == 0 ? "unfreeze(); " : freezeTo == Integer.MIN_VALUE ? "" : "freeze_to(" + freezeTo + "); ")
          + "fit_one_cycle(" + epochs + ", " + lr + ")";
    }
  }

  /** {@link Stage#freezeTo()} of the first stage: it keeps the learner's freezing as it is. */
  public static final int AS_IS = Integer.MIN_VALUE;

  /** Checks the values; messages name the wrong one. */
  public GradualUnfreezing {
    positive("headLr", headLr);
    positive("lastTwoLr", lastTwoLr);
    positive("lastThreeLr", lastThreeLr);
    positive("lastLr", lastLr);
    checkArgument(lrMult >= 1 && Double.isFinite(lrMult), "lrMult must be finite and at least 1 (fastai's is 2.6^4), "
        + "got %s", lrMult);
    checkArgument(epochs >= 0, "epochs must be 0 or more (0 skips the last, unfrozen cycle), got %s", epochs);
  }

  /** fastai's course: 2e-2, 1e-2, 5e-3, 1e-3, slices over 2.6^4, two last epochs. */
  public static GradualUnfreezing defaults() {
    return new GradualUnfreezing(2e-2, 1e-2, 5e-3, 1e-3, Math.pow(2.6, 4), 2);
  }

  /** A copy with another {@code headLr}. */
  public GradualUnfreezing withHeadLr(double v) {
    return new GradualUnfreezing(v, lastTwoLr, lastThreeLr, lastLr, lrMult, epochs);
  }

  /** A copy with another {@code lastTwoLr}. */
  public GradualUnfreezing withLastTwoLr(double v) {
    return new GradualUnfreezing(headLr, v, lastThreeLr, lastLr, lrMult, epochs);
  }

  /** A copy with another {@code lastThreeLr}. */
  public GradualUnfreezing withLastThreeLr(double v) {
    return new GradualUnfreezing(headLr, lastTwoLr, v, lastLr, lrMult, epochs);
  }

  /** A copy with another {@code lastLr}. */
  public GradualUnfreezing withLastLr(double v) {
    return new GradualUnfreezing(headLr, lastTwoLr, lastThreeLr, v, lrMult, epochs);
  }

  /** A copy with another {@code lrMult}. */
  public GradualUnfreezing withLrMult(double v) {
    return new GradualUnfreezing(headLr, lastTwoLr, lastThreeLr, lastLr, v, epochs);
  }

  /** A copy with another {@code epochs} (of the last, unfrozen cycle). */
  public GradualUnfreezing withEpochs(int v) {
    return new GradualUnfreezing(headLr, lastTwoLr, lastThreeLr, lastLr, lrMult, v);
  }

  /**
   * The four stages {@link #fit} runs: the head as the learner is frozen ({@link #AS_IS}), then
   * {@code freezeTo(-2)}, {@code freezeTo(-3)} and {@code unfreeze()} ({@code freezeTo} 0), the
   * last with {@link #epochs()} epochs (a stage of 0 epochs only unfreezes).
   */
  public List<Stage> stages() {
    return List.of(new Stage(AS_IS, 1, Lr.of(headLr)),
        new Stage(-2, 1, Lr.slice(lastTwoLr / lrMult, lastTwoLr)),
        new Stage(-3, 1, Lr.slice(lastThreeLr / lrMult, lastThreeLr)),
        new Stage(0, epochs, Lr.slice(lastLr / lrMult, lastLr)));
  }

  /**
   * Trains {@code learn} through {@link #stages()}: {@code freezeTo} and {@code fitOneCycle} for
   * each, with {@code extra} callbacks in every cycle.
   */
  public void fit(Learner learn, Callback... extra) {
    checkArgument(learn.paramGroupCount() >= 3, "gradual unfreezing freezes to -2 and -3 but the learner has %s "
        + "parameter group(s); use a TextLearner.classifier, whose groups are fastai's", learn.paramGroupCount());
    for (Stage s : stages()) {
      if (s.freezeTo() != AS_IS) {
        learn.freezeTo(s.freezeTo());
      }
      if (s.epochs() > 0) {
        learn.fitOneCycle(s.epochs(), s.lr(), extra);
      }
    }
  }

  private static void positive(String name, double v) {
    checkArgument(v > 0 && Double.isFinite(v), "%s must be a positive learning rate, got %s", name, v);
  }
}
