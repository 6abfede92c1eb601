package dev.fastj.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;

/**
 * fastai's {@code tabular_learner} arguments and {@code tabular_config}, with fastai's defaults:
 * layers {@code [200, 100]}, {@code ps} none (no dropout), {@code embed_p} 0, no {@code y_range},
 * BatchNorm after each hidden layer ({@code use_bn}), none after the last ({@code bn_final}),
 * BatchNorm on the continuous inputs ({@code bn_cont}), the linear layer first in each
 * {@code LinBnDrop} ({@code lin_first}), ReLU activations, embedding sizes from
 * {@link TabularModel#embSzRule}.
 *
 * <pre>{@code
 * TabularConfig.defaults().withLayers(500, 250).withPs(0.1).withEmbedP(0.05).withYRange(0, 1);
 * }</pre>
 *
 * @param layers sizes of the hidden layers
 * @param ps dropout of each hidden layer: empty for none, one value for all, or one per layer
 * @param embedP dropout after the embeddings
 * @param yRange {@code [low, high]} of a {@code SigmoidRange} after the last layer, or null
 * @param useBn BatchNorm after each hidden layer
 * @param bnFinal BatchNorm after the last layer too
 * @param bnCont BatchNorm on the continuous inputs
 * @param linFirst linear layer before BatchNorm and dropout in each block
 * @param embSzs embedding sizes by column name, overriding the rule (fastai's {@code emb_szs})
 */
public record TabularConfig(List<Integer> layers, List<Double> ps, double embedP, List<Double> yRange,
    boolean useBn, boolean bnFinal, boolean bnCont, boolean linFirst, Map<String, Integer> embSzs) {

  /** Checks and copies the values. */
  public TabularConfig {
    layers = List.copyOf(layers);
    for (int l : layers) {
      checkArgument(l > 0, "layer sizes must be positive, got %s", layers);
    }
    ps = List.copyOf(ps);
    checkArgument(ps.size() <= 1 || ps.size() == layers.size(), "ps has %s values for %s layers; give one value or "
        + "one per layer", ps.size(), layers.size());
    for (double p : ps) {
      checkArgument(p >= 0 && p < 1, "dropout must be in [0, 1), got %s", ps);
    }
    checkArgument(embedP >= 0 && embedP < 1, "embedP must be in [0, 1), got %s", embedP);
    if (yRange != null) {
      yRange = List.copyOf(yRange);
      checkArgument(yRange.size() == 2 && yRange.get(0) < yRange.get(1), "yRange must be [low, high] with low < high, "
          + "got %s", yRange);
    }
    embSzs = Map.copyOf(embSzs);
    embSzs.forEach((k, v) -> checkArgument(v > 0, "embedding size of %s must be positive, got %s", k, v));
  }

  /** fastai's defaults. */
  public static TabularConfig defaults() {
    return new TabularConfig(List.of(200, 100), List.of(), 0, null, true, false, true, true, Map.of());
  }

  /** A copy with hidden layers of these sizes (fastai's {@code layers}). */
  public TabularConfig withLayers(Integer... sizes) {
    return new TabularConfig(List.of(sizes), ps.size() > 1 ? List.of() : ps, embedP, yRange, useBn, bnFinal, bnCont,
        linFirst, embSzs);
  }

  /** A copy with dropout {@code p} in every hidden layer, or one value per layer. */
  public TabularConfig withPs(Double... p) {
    return new TabularConfig(layers, List.of(p), embedP, yRange, useBn, bnFinal, bnCont, linFirst, embSzs);
  }

  /** A copy with dropout {@code p} after the embeddings. */
  public TabularConfig withEmbedP(double p) {
    return new TabularConfig(layers, ps, p, yRange, useBn, bnFinal, bnCont, linFirst, embSzs);
  }

  /** A copy whose outputs go through {@code SigmoidRange(low, high)}. */
  public TabularConfig withYRange(double low, double high) {
    return new TabularConfig(layers, ps, embedP, List.of(low, high), useBn, bnFinal, bnCont, linFirst, embSzs);
  }

  /** A copy with or without BatchNorm in the hidden layers. */
  public TabularConfig withUseBn(boolean b) {
    return new TabularConfig(layers, ps, embedP, yRange, b, bnFinal, bnCont, linFirst, embSzs);
  }

  /** A copy with or without BatchNorm after the last layer. */
  public TabularConfig withBnFinal(boolean b) {
    return new TabularConfig(layers, ps, embedP, yRange, useBn, b, bnCont, linFirst, embSzs);
  }

  /** A copy with or without BatchNorm on the continuous inputs. */
  public TabularConfig withBnCont(boolean b) {
    return new TabularConfig(layers, ps, embedP, yRange, useBn, bnFinal, b, linFirst, embSzs);
  }

  /** A copy with the linear layer first (or last) in each block. */
  public TabularConfig withLinFirst(boolean l) {
    return new TabularConfig(layers, ps, embedP, yRange, useBn, bnFinal, bnCont, l, embSzs);
  }

  /** A copy with these embedding sizes by column (fastai's {@code emb_szs}). */
  public TabularConfig withEmbSzs(Map<String, Integer> sizes) {
    return new TabularConfig(layers, ps, embedP, yRange, useBn, bnFinal, bnCont, linFirst, sizes);
  }

  /** The dropout of hidden layer {@code i}. */
  double p(int i) {
    return ps.isEmpty() ? 0 : ps.size() == 1 ? ps.get(0) : ps.get(i);
  }
}
