package dev.fastj.text.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.Emitter;
import dev.fastj.nn.Init;
import dev.fastj.nn.Module;
import dev.fastj.nn.ParamRole;
import dev.fastj.nn.Var;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code EmbeddingDropout(emb, embed_p)}: an embedding whose whole rows (words) are
 * dropped while training, one mask {@code [vocab, 1]} per step for every occurrence of a word, the
 * kept rows scaled by {@code 1/(1-p)}; in evaluation a plain lookup.
 *
 * <p>The weight {@code [vocab, emb]} is the parameter {@code weight} (role EMBEDDING) of the
 * current scope, drawn from U(-0.1, 0.1) as AWD-LSTM's {@code initrange}. {@link #weight} declares it
 * on its own, so that a decoder can share it (tied weights).
 *
 * <p>fastai's embedding also has {@code padding_idx}, whose row PyTorch never updates; here the
 * padding row is trained like the others (a language model's stream has no padding).
 *
 * @param vocabSize rows of the weight
 * @param embSize columns of the weight
 * @param p probability of dropping a word's row, in [0, 1)
 */
public record EmbeddingDropout(int vocabSize, int embSize, double p) implements Module {

  /** AWD-LSTM's {@code initrange}: embeddings and the decoder start in U(-0.1, 0.1). */
  public static final double INIT_RANGE = 0.1;

  /** Creates the layer, checking every value. */
  public EmbeddingDropout {
    checkArgument(vocabSize > 0, "EmbeddingDropout vocabSize must be positive, got %s", vocabSize);
    checkArgument(embSize > 0, "EmbeddingDropout embSize must be positive, got %s", embSize);
    checkArgument(p >= 0 && p < 1, "EmbeddingDropout p must be in [0, 1), got %s", p);
  }

  /** Declares the weight {@code [vocab, emb]} in the current scope and returns it. */
  public Var weight(Emitter e) {
    return e.param("weight", new long[] {vocabSize, embSize}, new Init.Uniform(INIT_RANGE), ParamRole.EMBEDDING);
  }

  /** Looks up {@code tokens} (int64, any shape) in {@code weight}, dropping whole rows while training. */
  public Var lookup(Emitter e, Var tokens, Var weight) {
    Var w = weight;
    if (e.training() && p > 0) {
      w = e.op("Mul", weight, Masks.scaledMask(e, e.constantLongs(new long[] {vocabSize, 1}, 2), p));
    }
    return e.op("Gather", List.of(w, tokens), Map.of("axis", 0L));
  }

  @Override
  public Var forward(Emitter e, Var tokens) {
    return lookup(e, tokens, weight(e));
  }

  @Override
  public String describe() {
    return "EmbeddingDropout(" + vocabSize + ", " + embSize + ", p=" + p + ")";
  }
}
