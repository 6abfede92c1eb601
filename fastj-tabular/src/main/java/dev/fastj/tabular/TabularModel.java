package dev.fastj.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.BatchNorm1d;
import dev.fastj.nn.Dropout;
import dev.fastj.nn.Embedding;
import dev.fastj.nn.Emitter;
import dev.fastj.nn.LinBnDrop;
import dev.fastj.nn.Module;
import dev.fastj.nn.MultiInputModule;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.nn.SigmoidRange;
import dev.fastj.nn.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code TabularModel(emb_szs, n_cont, out_sz, layers, ps, embed_p, y_range, use_bn,
 * bn_final, bn_cont, lin_first)}: one entity embedding per categorical column ({@code x_cat[:, i]}
 * looked up in {@code embeds.i}, fastai's {@code Embedding}, {@code trunc_normal_} std 0.01),
 * concatenated, dropout {@code embed_p}, then the continuous columns after {@code bn_cont}
 * ({@code nn.BatchNorm1d}) appended, then {@code layers}: a {@link LinBnDrop} with ReLU per hidden
 * layer and a last linear layer (with BatchNorm only for {@code bn_final}), and a
 * {@code SigmoidRange} for {@code y_range}. Parameter names follow PyTorch's state dict
 * ({@code embeds.0.weight}, {@code bn_cont.running_mean}, {@code layers.0.0.weight}).
 *
 * <p>Inputs, in order: {@code x_cat} (INT64 [N, nCat]) when there is an embedding, {@code x_cont}
 * (FLOAT32 [N, nCont]) when there are continuous columns.
 *
 * @param embSzs (classes, size) of each categorical column's embedding
 * @param nCont number of continuous columns
 * @param outSz number of outputs (classes, or regression targets)
 * @param config the layers and the rest of fastai's arguments
 */
public record TabularModel(List<EmbSz> embSzs, int nCont, int outSz, TabularConfig config)
    implements MultiInputModule {

  /**
   * The embedding of one categorical column.
   *
   * @param classes its number of classes ({@code #na#} included)
   * @param size the embedding's width
   */
  public record EmbSz(int classes, int size) {

    /** Checks the values. */
    public EmbSz {
      checkArgument(classes > 0 && size > 0, "an embedding needs positive classes and size, got %s, %s", classes, size);
    }
  }

  /** Checks and copies the values. */
  public TabularModel {
    embSzs = List.copyOf(embSzs);
    checkArgument(nCont >= 0, "nCont must be >= 0, got %s", nCont);
    checkArgument(!embSzs.isEmpty() || nCont > 0, "a tabular model needs categorical or continuous columns");
    checkArgument(outSz > 0, "outSz must be positive, got %s", outSz);
    checkArgument(config != null, "config is null; use TabularConfig.defaults()");
  }

  /** fastai's {@code emb_sz_rule(n_cat)}: {@code min(600, round(1.6 * n_cat^0.56))}. */
  public static int embSzRule(int nCat) {
    return (int) Math.min(600, Math.round(1.6 * Math.pow(nCat, 0.56)));
  }

  /**
   * fastai's {@code get_emb_sz}: the rule's size for each categorical column of {@code recipe},
   * unless {@code sizes} names the column.
   */
  public static List<EmbSz> embSzs(TabularRecipe recipe, Map<String, Integer> sizes) {
    for (String c : sizes.keySet()) {
      checkArgument(recipe.catNames().contains(c), "embedding size given for '%s', which is not a categorical column "
          + "%s", c, recipe.catNames());
    }
    List<EmbSz> out = new ArrayList<>();
    int[] n = recipe.cardinalities();
    for (int i = 0; i < n.length; i++) {
      out.add(new EmbSz(n[i], sizes.getOrDefault(recipe.catNames().get(i), embSzRule(n[i]))));
    }
    return out;
  }

  /** The total width of the embeddings (fastai's {@code n_emb}). */
  public int nEmb() {
    return embSzs.stream().mapToInt(EmbSz::size).sum();
  }

  /** fastai's {@code self.layers}: the LinBnDrops and the optional SigmoidRange. */
  public Sequential layers() {
    List<Integer> sizes = new ArrayList<>();
    sizes.add(nEmb() + nCont);
    sizes.addAll(config.layers());
    sizes.add(outSz);
    int n = sizes.size() - 1;
    List<Module> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean last = i == n - 1;
      out.add(new LinBnDrop(sizes.get(i), sizes.get(i + 1), config.useBn() && (!last || config.bnFinal()),
          last ? 0 : config.p(i), last ? null : ReLU.create(), config.linFirst()));
    }
    if (config.yRange() != null) {
      out.add(SigmoidRange.of(config.yRange().get(0), config.yRange().get(1)));
    }
    return Sequential.of(out);
  }

  @Override
  public Var forward(Emitter e, List<Var> inputs) {
    int expected = (embSzs.isEmpty() ? 0 : 1) + (nCont > 0 ? 1 : 0);
    checkArgument(inputs.size() == expected, "TabularModel takes %s inputs (%s%s), got %s", expected,
        embSzs.isEmpty() ? "" : "x_cat", nCont > 0 ? (embSzs.isEmpty() ? "x_cont" : ", x_cont") : "", inputs.size());
    int next = 0;
    Var x = null;
    if (!embSzs.isEmpty()) {
      Var cats = inputs.get(next++);
      List<Var> embs = new ArrayList<>();
      e.scoped("embeds", () -> {
        for (int i = 0; i < embSzs.size(); i++) {
          EmbSz s = embSzs.get(i);
          long col = i;
          embs.add(e.scoped(Integer.toString(i), () -> {
            Var idx = e.op("Gather", List.of(cats, e.constantLongs(new long[] {col})), Map.of("axis", 1L));
            return Embedding.fastai(s.classes(), s.size()).forward(e, idx);
          }));
        }
        return null;
      });
      x = embs.size() == 1 ? embs.get(0) : e.op("Concat", embs, Map.of("axis", 1L));
      if (config.embedP() > 0) {
        Var in = x;
        x = e.scoped("emb_drop", () -> Dropout.of(config.embedP()).forward(e, in));
      }
    }
    if (nCont > 0) {
      Var cont = inputs.get(next);
      if (config.bnCont()) {
        cont = e.scoped("bn_cont", () -> BatchNorm1d.of(nCont).forward(e, inputs.get(inputs.size() - 1)));
      }
      x = x == null ? cont : e.op("Concat", List.of(x, cont), Map.of("axis", 1L));
    }
    Var in = x;
    return e.scoped("layers", () -> layers().forward(e, in));
  }

  @Override
  public String describe() {
    return "TabularModel(embeds " + embSzs.stream().map(s -> s.classes() + "x" + s.size()).toList() + ", n_cont "
        + nCont + ", layers " + config.layers() + ", out " + outSz + ")";
  }
}
