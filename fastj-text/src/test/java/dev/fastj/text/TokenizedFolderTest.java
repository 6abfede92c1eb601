package dev.fastj.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizedFolderTest {

  @TempDir
  Path tmp;

  private Path corpus() throws IOException {
    Path root = tmp.resolve("corpus");
    Files.createDirectories(root.resolve("pos"));
    Files.createDirectories(root.resolve("neg"));
    Files.writeString(root.resolve("pos/a.txt"), "A good movie.\nReally GOOD!");
    Files.writeString(root.resolve("pos/b.txt"), "good good good good");
    Files.writeString(root.resolve("neg/c.txt"), "Bad, bad movie.");
    Files.writeString(root.resolve("neg/notes.md"), "not text");
    return root;
  }

  @Test
  void tokenizeFolder_writesTokensCountsAndLengthsBesideTheFolder() throws IOException {
    Path root = corpus();
    TokenizedFolder tf = Tokenizer.create().tokenizeFolder(root);
    assertThat(tf.cacheDir()).isEqualTo(tmp.resolve("corpus_tok").toAbsolutePath());
    assertThat(tf.fileCount()).isEqualTo(3);
    assertThat(tf.tokenizedCount()).isEqualTo(3);
    assertThat(tf.tokens(root.resolve("neg/c.txt"))).containsExactly("xxbos", "xxmaj", "bad", ",", "bad", "movie", ".");
    assertThat(tf.tokens(root.resolve("pos/a.txt")))
        .containsExactly("xxbos", "a", "good", "movie", ".", "\n", "xxmaj", "really", "xxup", "good", "!");
    assertThat(tf.length(root.resolve("pos/b.txt"))).isEqualTo(4);
    assertThat(tf.counts()).containsEntry("xxbos", 3L).containsEntry("good", 3L).containsEntry("bad", 2L);
    assertThat(tf.counts().keySet().iterator().next()).isIn("xxbos", "good");
    assertThat(Files.readString(tf.cacheDir().resolve("neg/c.txt"))).isEqualTo("xxbos xxmaj bad , bad movie .");
    try (Stream<Path> s = Files.walk(tf.cacheDir())) {
      assertThat(s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a.txt", "b.txt", "c.txt", "manifest.tsv", "counts.tsv");
    }
  }

  @Test
  void secondRun_onUnchangedFolder_readsTheCache() throws IOException {
    Path root = corpus();
    TokenizedFolder first = Tokenizer.create().tokenizeFolder(root);
    TokenizedFolder second = Tokenizer.create().tokenizeFolder(root);
    assertThat(second.tokenizedCount()).isZero();
    assertThat(second.counts()).isEqualTo(first.counts());
    assertThat(List.copyOf(second.counts().keySet())).isEqualTo(List.copyOf(first.counts().keySet()));
    assertThat(second.tokens(root.resolve("pos/a.txt"))).isEqualTo(first.tokens(root.resolve("pos/a.txt")));
  }

  @Test
  void changedNewAndRemovedFiles_areRetokenizedOrDropped() throws IOException {
    Path root = corpus();
    Tokenizer tok = Tokenizer.create();
    tok.tokenizeFolder(root);
    Path c = root.resolve("neg/c.txt");
    Files.writeString(c, "Worse.");
    Files.setLastModifiedTime(c, FileTime.fromMillis(Files.getLastModifiedTime(c).toMillis() + 5000));
    Files.writeString(root.resolve("neg/d.txt"), "New one");
    Files.delete(root.resolve("pos/b.txt"));
    TokenizedFolder again = tok.tokenizeFolder(root);
    assertThat(again.tokenizedCount()).isEqualTo(2);
    assertThat(again.fileCount()).isEqualTo(3);
    assertThat(again.tokens(c)).containsExactly("xxbos", "xxmaj", "worse", ".");
    assertThat(again.counts()).doesNotContainKey("bad").containsEntry("good", 2L).containsEntry("xxbos", 3L);
    assertThat(again.cacheDir().resolve("pos/b.txt")).doesNotExist();
    assertThatThrownBy(() -> again.tokens(root.resolve("pos/b.txt"))).hasMessageContaining("pos/b.txt")
        .hasMessageContaining("is not among the 3 text files");
  }

  @Test
  void anotherTokenizer_doesNotReuseTheCache() throws IOException {
    Path root = corpus();
    Tokenizer.create().tokenizeFolder(root);
    TokenizedFolder bare = Tokenizer.create().withRules(List.of()).tokenizeFolder(root);
    assertThat(bare.tokenizedCount()).isEqualTo(3);
    assertThat(bare.tokens(root.resolve("neg/c.txt"))).containsExactly("Bad", ",", "bad", "movie", ".");
  }

  @Test
  void damagedManifest_onlyCostsATokenization() throws IOException {
    Path root = corpus();
    TokenizedFolder first = Tokenizer.create().tokenizeFolder(root);
    Files.writeString(first.cacheDir().resolve("manifest.tsv"), "garbage\n", StandardCharsets.UTF_8);
    TokenizedFolder again = Tokenizer.create().tokenizeFolder(root);
    assertThat(again.tokenizedCount()).isEqualTo(3);
    assertThat(again.counts()).isEqualTo(first.counts());
  }

  @Test
  void troublesomeFiles_areTokenizedAsDocumentedAndTheirWarningsKeptInTheCache() throws IOException {
    Path root = corpus();
    Path latin = root.resolve("neg/latin.txt");
    Files.write(latin, "tr\u00e8s mauvais".getBytes(StandardCharsets.ISO_8859_1));
    Path junk = root.resolve("neg/junk.txt");
    Files.write(junk, new byte[] {1, 2, 0, 3, (byte) 0xff});
    Path empty = Files.createFile(root.resolve("pos/empty.txt"));
    TokenizedFolder tf = Tokenizer.create().tokenizeFolder(root);
    assertThat(tf.tokens(junk)).containsExactly("xxbos");
    assertThat(tf.tokens(empty)).containsExactly("xxbos");
    assertThat(tf.tokens(latin)).containsExactly("xxbos", "tr", "\ufffd", "s", "mauvais");
    assertThat(tf.warnings()).hasSize(2).anySatisfy(w -> assertThat(w).contains("junk.txt").contains("binary"))
        .anySatisfy(w -> assertThat(w).contains("latin.txt").contains("not valid UTF-8"));
    assertThat(Tokenizer.create().tokenizeFolder(root).warnings()).isEqualTo(tf.warnings());
  }

  @Test
  void cacheInsideTheFolder_isRefused() throws IOException {
    Path root = corpus();
    assertThatThrownBy(() -> Tokenizer.create().tokenizeFolder(root, root.resolve("tok")))
        .hasMessageContaining("is inside the folder it tokenizes");
  }

  @Test
  void folderWithoutTextFiles_isRefusedNamingIt() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> Tokenizer.create().tokenizeFolder(empty)).hasMessageContaining(empty.toString())
        .hasMessageContaining("holds no .txt files");
  }

  @Test
  void tokensWithSpacesOrNewlines_comeBackFromTheCacheAsTheyWere() throws IOException {
    Path root = tmp.resolve("odd");
    Files.createDirectories(root.resolve("a"));
    // ICU keeps the combining mark U+0335 with the space before it: the token " \u0335"
    Files.writeString(root.resolve("a").resolve("x.txt"), "ab \u0335 cd\n\nback\\slash");
    Tokenizer tok = Tokenizer.create();
    List<String> direct = tok.tokenizeFile(root.resolve("a").resolve("x.txt"));
    assertThat(direct).contains(" \u0335", "\n\n");
    Path cache = tmp.resolve("odd_cache");
    tok.tokenizeFolder(root, cache);
    TokenizedFolder cached = tok.tokenizeFolder(root, cache);
    assertThat(cached.tokenizedCount()).isZero();
    assertThat(cached.tokens(root.resolve("a").resolve("x.txt"))).isEqualTo(direct).doesNotContain("");
    assertThat(TokenizedFolder.split(TokenizedFolder.join(List.of("a b", "\\s", "", "x")))).containsExactly("a b",
        "\\s", "", "x");
  }

  @Test
  void escape_roundTripsTabsNewlinesAndBackslashes() {
    String s = "a\tb\nc\\d\re";
    assertThat(TokenizedFolder.unescape(TokenizedFolder.escape(s))).isEqualTo(s);
    assertThat(TokenizedFolder.escape(s)).doesNotContain("\t", "\n", "\r");
  }
}
