package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;

/**
 * {@code nn.Embedding(num_embeddings, embedding_dim)}: looks up rows of {@code weight}
 * {@code [numEmbeddings, embeddingDim]} (role EMBEDDING) for int64 indices of any shape, giving the
 * indices' shape plus {@code embeddingDim}. Emits {@code Gather(weight, indices; axis=0)}.
 *
 * <p>The default initialisation is PyTorch's, Normal(0, 1). fastai's {@code Embedding} (tabular and
 * text) draws {@code trunc_normal_(std=0.01)}: {@link #fastai}, {@link Init.TruncNormal}.
 *
 * @param numEmbeddings number of rows (vocabulary or category count)
 * @param embeddingDim size of each row
 * @param init how the rows start
 */
public record Embedding(int numEmbeddings, int embeddingDim, Init init) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public Embedding {
    checkArgument(numEmbeddings > 0, "Embedding numEmbeddings must be positive, got %s", numEmbeddings);
    checkArgument(embeddingDim > 0, "Embedding embeddingDim must be positive, got %s", embeddingDim);
    checkArgument(init != null, "Embedding init is null");
  }

  /** {@code nn.Embedding(numEmbeddings, embeddingDim)}: Normal(0, 1) initial weights. */
  public static Embedding of(int numEmbeddings, int embeddingDim) {
    return new Embedding(numEmbeddings, embeddingDim, new Init.Normal(1.0));
  }

  /** fastai's {@code Embedding(ni, nf)}: {@code trunc_normal_} weights of std 0.01. */
  public static Embedding fastai(int numEmbeddings, int embeddingDim) {
    return new Embedding(numEmbeddings, embeddingDim, new Init.TruncNormal(0.01));
  }

  /** A copy initialised with {@code i}. */
  public Embedding withInit(Init i) {
    return new Embedding(numEmbeddings, embeddingDim, i);
  }

  @Override
  public Var forward(Emitter e, Var indices) {
    Var w = e.param("weight", Shapes.of(numEmbeddings, embeddingDim), init, ParamRole.EMBEDDING);
    return e.op("Gather", List.of(w, indices), Map.of("axis", 0L));
  }

  @Override
  public String describe() {
    return "Embedding(" + numEmbeddings + ", " + embeddingDim + ")";
  }
}
