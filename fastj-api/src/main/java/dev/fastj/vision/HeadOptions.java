package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * The options of fastai's {@code create_head}, with its defaults: {@code lin_ftrs=None} (one hidden
 * layer of 512), {@code ps=0.5}, {@code concat_pool=True}, {@code first_bn=True},
 * {@code bn_final=False}, {@code y_range=None}.
 *
 * <pre>{@code
 * HeadOptions opts = HeadOptions.defaults().withLinFtrs(List.of(256)).withPs(List.of(0.2));
 * }</pre>
 *
 * @param linFtrs sizes of the hidden linear layers; null for fastai's default {@code [512]}
 * @param ps dropout probabilities: one value p gives p/2 for every layer but the last and p for the
 *     last, otherwise one value per linear layer
 * @param concatPool {@code AdaptiveConcatPool2d} (true) or {@code AdaptiveAvgPool2d(1)}
 * @param firstBn BatchNorm before the first linear layer
 * @param bnFinal a {@code BatchNorm1d(nOut, momentum=0.01)} at the end
 * @param yRange null, or {@code [low, high]} for a final {@code SigmoidRange}
 */
public record HeadOptions(List<Integer> linFtrs, List<Double> ps, boolean concatPool, boolean firstBn,
    boolean bnFinal, List<Double> yRange) {

  /** Creates the options, checking every value; {@link #defaults()} gives fastai's. */
  public HeadOptions {
    if (linFtrs != null) {
      for (Integer f : linFtrs) {
        checkArgument(f != null && f > 0, "linFtrs %s has a non-positive size", linFtrs);
      }
      linFtrs = List.copyOf(linFtrs);
    }
    checkArgument(ps != null && !ps.isEmpty(), "ps needs at least one dropout probability");
    for (Double p : ps) {
      checkArgument(p != null && p >= 0 && p < 1, "ps %s has a probability outside [0, 1)", ps);
    }
    ps = List.copyOf(ps);
    if (yRange != null) {
      checkArgument(yRange.size() == 2 && yRange.get(0) < yRange.get(1),
          "yRange must be [low, high] with low < high, got %s", yRange);
      yRange = List.copyOf(yRange);
    }
  }

  /** fastai's defaults. */
  public static HeadOptions defaults() {
    return new HeadOptions(null, List.of(0.5), true, true, false, null);
  }

  /**
   * The head of a net trained from scratch, as fastai's {@code xresnet} ends: average pooling,
   * flatten and one linear layer ({@code concat_pool=False, lin_ftrs=[], first_bn=False, ps=0}).
   * {@link VisionLearner} puts it on bodies that are not pretrained. fastai's {@link #defaults()}
   * head (two linear layers with BatchNorm and dropout 0.25 and 0.5) is made for a pretrained
   * body; on a random one its dropout and extra layer slow a short training down: measured over
   * four folders at 3 epochs, the plain head gave 5 to 20 points more accuracy (docs/training.md).
   */
  public static HeadOptions scratch() {
    return new HeadOptions(List.of(), List.of(0.0), false, false, false, null);
  }

  /** A copy with hidden layer sizes {@code f} ({@code lin_ftrs}). */
  public HeadOptions withLinFtrs(List<Integer> f) {
    return new HeadOptions(f, ps, concatPool, firstBn, bnFinal, yRange);
  }

  /** A copy with dropout probabilities {@code p} ({@code ps}). */
  public HeadOptions withPs(List<Double> p) {
    return new HeadOptions(linFtrs, p, concatPool, firstBn, bnFinal, yRange);
  }

  /** A copy with one dropout value ({@code ps=p}): p/2 for hidden layers, p for the last. */
  public HeadOptions withPs(double p) {
    return withPs(List.of(p));
  }

  /** A copy with concat pooling on or off ({@code concat_pool}). */
  public HeadOptions withConcatPool(boolean c) {
    return new HeadOptions(linFtrs, ps, c, firstBn, bnFinal, yRange);
  }

  /** A copy with or without the first BatchNorm ({@code first_bn}). */
  public HeadOptions withFirstBn(boolean b) {
    return new HeadOptions(linFtrs, ps, concatPool, b, bnFinal, yRange);
  }

  /** A copy with or without the final BatchNorm ({@code bn_final}). */
  public HeadOptions withBnFinal(boolean b) {
    return new HeadOptions(linFtrs, ps, concatPool, firstBn, b, yRange);
  }

  /** A copy ending with {@code SigmoidRange(low, high)} ({@code y_range}). */
  public HeadOptions withYRange(double low, double high) {
    return new HeadOptions(linFtrs, ps, concatPool, firstBn, bnFinal, List.of(low, high));
  }
}
