package dev.fastj.vision;

import dev.fastj.data.Block;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.MultiCategoryBlock;
import dev.fastj.data.internal.BlockDataLoaders;

/**
 * Checks the target of a vision learner's data against the head it is about to get, at build
 * time, so that a mask or a point target never trains silently through a classifier head.
 */
final class TargetCheck {

  private TargetCheck() {}

  /** The target block of loaders built by a DataBlock, or null (other loaders, or no target). */
  static Block target(DataLoaders dls) {
    return dls instanceof BlockDataLoaders b ? b.targetBlock() : null;
  }

  /**
   * The head to build for {@code dls}'s target: {@code head} with {@code yRange} when given, and
   * {@code yRange(-1, 1)} for points when none is; fails on a target this head cannot produce.
   *
   * @param nOut the builder's {@code nOut}, or null
   */
  static HeadOptions head(DataLoaders dls, HeadOptions head, double[] yRange, Integer nOut) {
    HeadOptions h = yRange == null ? head : head.withYRange(yRange[0], yRange[1]);
    Block t = target(dls);
    if (t == null) {
      return h;
    }
    if (t instanceof MaskBlock) {
      throw new IllegalArgumentException("the target is " + t.describe() + ", a class per pixel, but VisionLearner "
          + "gives one prediction per image; use UnetLearner.create(dls, arch, metrics...) for segmentation");
    }
    int want = dls.outputCount();
    if (t instanceof PointBlock) {
      if (nOut != null && nOut != want) {
        throw new IllegalArgumentException("nOut(" + nOut + ") but the PointBlock target has " + want / 2
            + " point(s), " + want + " outputs (x, y each); drop nOut, VisionLearner takes it from the data");
      }
      return h.yRange() != null ? h : h.withYRange(-1, 1);
    }
    if (t instanceof CategoryBlock || t instanceof MultiCategoryBlock) {
      if (h.yRange() != null) {
        throw new IllegalArgumentException("yRange " + h.yRange() + " bounds regression outputs, but the target is "
            + t.describe() + ", whose head gives class scores; drop yRange, or use a PointBlock or RegressionBlock target");
      }
      if (nOut != null && nOut != want) {
        throw new IllegalArgumentException("nOut(" + nOut + ") but the target " + t.describe() + " has " + want
            + " classes " + dls.vocab() + "; drop nOut, VisionLearner takes it from the data");
      }
    }
    return h;
  }
}
