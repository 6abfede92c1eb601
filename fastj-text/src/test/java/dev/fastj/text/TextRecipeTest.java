package dev.fastj.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.TensorData;
import dev.fastj.spi.InputRecipe;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextRecipeTest {

  @Test
  void padInputChunk_padsWholeChunksFirstAndTheRestAfter() {
    TensorData t = Padding.padInputChunk(List.of(new int[] {5, 6, 7, 8, 9, 10, 11}, new int[] {20, 21}), 1, true, 3);
    assertThat(t.shape()).containsExactly(2, 7);
    assertThat(t.toLongArray()).containsExactly(5, 6, 7, 8, 9, 10, 11, 1, 1, 1, 20, 21, 1, 1);
    TensorData last = Padding.padInputChunk(List.of(new int[] {5, 6, 7}, new int[] {20}), 1, false, 3);
    assertThat(last.toLongArray()).containsExactly(5, 6, 7, 20, 1, 1);
  }

  @Test
  void recipe_roundTripsThroughTheServiceAndEncodesTexts() {
    Tokenizer tok = Tokenizer.create();
    Map<String, Long> counts = new HashMap<>(Vocab.count(tok.tokenizeTexts(List.of("Good movie", "good movie",
        "good movie", "bad"))));
    Vocab vocab = Numericalize.defaults().vocab(counts);
    TextRecipe recipe = new TextRecipe(tok, vocab, 72, true, null);
    InputRecipe back = InputRecipe.read(TextRecipe.KIND, recipe.toMetadata());
    assertThat(back).isInstanceOf(TextRecipe.class);
    assertThat(((TextRecipe) back).vocab()).isEqualTo(vocab);
    List<TensorData> enc = back.encode(List.of("Good movie", "bad movie"));
    assertThat(enc).hasSize(1);
    assertThat(enc.get(0).dtype()).isEqualTo(TensorData.DType.INT64);
    int bos = vocab.index("xxbos");
    int maj = vocab.index("xxmaj");
    int good = vocab.index("good");
    int movie = vocab.index("movie");
    assertThat(enc.get(0).toLongArray()).containsExactly(bos, maj, good, movie, bos, 0, movie, 1);
    assertThat(enc.get(0).toLongArray()).isEqualTo(recipe.encode(List.of("Good movie", "bad movie")).get(0).toLongArray());
  }

  @Test
  void aClassifiersRecipe_keepsTheLastTokens_andPadsToItsLengthInWholeChunksFirst() {
    Tokenizer tok = Tokenizer.create();
    Vocab vocab = Numericalize.defaults().vocab(new HashMap<>(Vocab.count(tok.tokenizeTexts(List.of("a b c d e f",
        "a b c d e f", "a b c d e f")))));
    TextRecipe recipe = new TextRecipe(tok, vocab, 3, true, null).withLength(6);
    TextRecipe back = TextRecipe.fromMetadata(recipe.toMetadata());
    assertThat(back.length()).isEqualTo(6);
    assertThat(back.acceptsFiles()).isTrue();
    long[] x = back.encode(List.of("a b c d e f", "a")).get(0).toLongArray();
    // "xxbos a b c d e f" is 7 tokens: its last 6; "xxbos a" gets one chunk of pads first, then one pad after
    int a = vocab.index("a");
    assertThat(x).containsExactly(a, vocab.index("b"), vocab.index("c"), vocab.index("d"), vocab.index("e"),
        vocab.index("f"), 1, 1, 1, vocab.index("xxbos"), a, 1);
    assertThat(new TextRecipe(tok, vocab, 3, true, null).length()).isZero();
  }

  @Test
  void unknownRule_orItem_isRefusedWithWhatToDo() {
    Tokenizer custom = Tokenizer.create().withRules(List.of(new Rules.Rule("mine", String::trim)));
    Vocab vocab = Numericalize.defaults().vocab(Map.of());
    Map<String, String> m = new TextRecipe(custom, vocab, 72, true, null).toMetadata();
    assertThatThrownBy(() -> TextRecipe.fromMetadata(m)).hasMessageContaining("rule 'mine'")
        .hasMessageContaining("fastai's");
    TextRecipe r = new TextRecipe(Tokenizer.create(), vocab, 72, true, null);
    assertThatThrownBy(() -> r.encode(List.of(42))).hasMessageContaining("Integer (42)")
        .hasMessageContaining("give a String");
  }
}
