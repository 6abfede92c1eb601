package dev.fastj.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.data.Batch;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled mail: unpacked, tokenized cold and from the cache, and batched as fastai would. */
class SpamAssassinTest {

  @TempDir
  Path tmp;

  @Test
  void spamAssassin_unpacksTwoClassFoldersWithTheLicence() throws IOException {
    Path root = TextDatasets.spamAssassin();
    assertThat(TextFiles.get(root, "ham")).hasSize(2500);
    assertThat(TextFiles.get(root, "spam")).hasSize(500);
    assertThat(Files.readString(root.resolve("LICENSE"))).contains("PDDL").contains("CC0");
    assertThat(TextDatasets.spamAssassin()).isEqualTo(root);
  }

  /**
   * One cold tokenization of the 3,000 messages, into a temporary cache, then the cached run and
   * both kinds of loaders on that cache (so that the whole test tokenizes the mail once).
   */
  @Test
  void tokenizeCold_thenCached_thenLanguageModelAndClassifierLoaders() {
    Path root = TextDatasets.spamAssassin();
    Tokenizer tok = Tokenizer.create();
    Path cache = tmp.resolve("spam_tok");
    long t0 = System.nanoTime();
    TokenizedFolder cold = tok.tokenizeFolder(root, cache);
    long t1 = System.nanoTime();
    TokenizedFolder cached = tok.tokenizeFolder(root, cache);
    long t2 = System.nanoTime();
    assertThat(cold.tokenizedCount()).isEqualTo(3000);
    assertThat(cached.tokenizedCount()).isZero();
    assertThat(cached.counts()).isEqualTo(cold.counts());
    long tokens = cold.counts().values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("tokenize_folder on 3,000 messages (%,d tokens): cold %.2f s (%.0f messages/s), cached %.3f s "
        + "(%.0f messages/s); %d warnings%n", tokens, (t1 - t0) / 1e9, 3000 / ((t1 - t0) / 1e9), (t2 - t1) / 1e9,
        3000 / ((t2 - t1) / 1e9), cold.warnings().size());
    assertThat(cold.counts().get("xxbos")).isEqualTo(3000L);
    assertThat(cold.warnings()).isNotEmpty().allSatisfy(w -> assertThat(w).contains("not valid UTF-8"));

    DataBlock<Path> lm = DataBlock.of(TextBlock.fromFolder(root, true).withTokenCache(cache))
        .getItems(TextFiles::get).splitter(Splitters.random(0.1, 42));
    Vocab vocab;
    try (TextDataLoaders dls = (TextDataLoaders) lm.dataloaders(root, 64)) {
      vocab = dls.textVocab();
      assertThat(vocab.size()).isBetween(10_000, 60_000);
      assertThat(vocab.size() % 8).isZero();
      Batch b = dls.train().iterator().next();
      assertThat(b.input().shape()).containsExactly(64, 72);
      assertThat(dls.train().itemCount()).isEqualTo(2700);
      System.out.println(dls + ", " + dls.train().size() + " LM batches per epoch");
      dls.showBatch(2);
    }
    DataBlock<Path> clas = DataBlock.of(TextBlock.fromFolder(root, false).withTokenCache(cache).withVocab(vocab),
        CategoryBlock.create()).getItems(TextFiles::get).getY(Labels.parentLabel()).splitter(Splitters.random(0.2, 42));
    try (TextDataLoaders dls = (TextDataLoaders) clas.dataloaders(root, 64)) {
      assertThat(dls.vocab()).isEqualTo(List.of("ham", "spam"));
      assertThat(dls.train().size()).isEqualTo(2400 / 64);
      Batch b = dls.train().iterator().next();
      assertThat(b.input().dim(0)).isEqualTo(64);
      long spam = 0;
      for (Batch v : dls.valid()) {
        for (long y : v.target().toLongArray()) {
          spam += y;
        }
      }
      assertThat(spam).isBetween(70L, 130L);
      dls.showBatch(3);
    }
  }
}
