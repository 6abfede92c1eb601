package dev.fastj.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocabTest {

  private static Map<String, Long> counts(Object... tokenCount) {
    Map<String, Long> m = new HashMap<>();
    for (int i = 0; i < tokenCount.length; i += 2) {
      m.put((String) tokenCount[i], ((Number) tokenCount[i + 1]).longValue());
    }
    return m;
  }

  @Test
  void vocab_isSpecialsThenFrequentTokensPaddedToEightWithFake() {
    Vocab v = Numericalize.defaults().vocab(counts("the", 10, "movie", 5, "good", 3, "rare", 2, "xxbos", 7, "a", 5));
    assertThat(v.itos()).containsExactly("xxunk", "xxpad", "xxbos", "xxeos", "xxfld", "xxrep", "xxwrep", "xxup",
        "xxmaj", "the", "a", "movie", "good", "xxfake", "xxfake", "xxfake");
    assertThat(v.size() % 8).isZero();
    assertThat(v.index("rare")).isZero();
    assertThat(v.index("xxfake")).isZero();
    assertThat(v.index("movie")).isEqualTo(11);
    assertThat(v.encode(List.of("the", "unseen", "good"))).containsExactly(9, 0, 12);
    assertThat(v.decode(new long[] {2, 9, 1})).containsExactly("xxbos", "the", "xxpad");
  }

  @Test
  void minFreqAndMaxVocab_limitTheVocab() {
    Map<String, Long> c = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      c.put("w" + i, 100L - i);
    }
    Vocab v = Numericalize.defaults().withMaxVocab(20).vocab(c);
    assertThat(v.itos().subList(0, 20)).endsWith("w10").contains("w0").doesNotContain("w11");
    assertThat(v.size()).isEqualTo(24);
    Vocab strict = Numericalize.defaults().withMinFreq(95).vocab(c);
    assertThat(strict.itos()).contains("w5").doesNotContain("w6").hasSize(16);
    assertThat(Numericalize.defaults()).isEqualTo(new Numericalize(3, 60_000));
  }

  @Test
  void sizeAlreadyAMultipleOfEight_getsNoFake() {
    Vocab v = Numericalize.defaults().vocab(counts("a", 3, "b", 3, "c", 3, "d", 3, "e", 3, "f", 3, "g", 3));
    assertThat(v.size()).isEqualTo(16);
    assertThat(v.itos()).doesNotContain("xxfake");
  }

  @Test
  void vocab_roundTripsThroughMetadata() {
    Vocab v = Numericalize.defaults().vocab(counts("tab\there", 4, "new\nline", 4, "caf\u00e9", 9));
    assertThat(Vocab.fromMetadata(v.toMetadata())).isEqualTo(v);
    assertThat(v.toMetadata()).containsEntry("vocab.size", "16").containsEntry("vocab.0", "xxunk");
  }

  @Test
  void badVocabularies_areRefusedNamingTheValue() {
    assertThatThrownBy(() -> Vocab.of(List.of("the", "xxpad"))).hasMessageContaining("starts with xxunk, xxpad")
        .hasMessageContaining("the");
    assertThatThrownBy(() -> Vocab.of(List.of("xxunk", "xxpad", "a", "a"))).hasMessageContaining("'a' is at both 2 and 3");
    assertThatThrownBy(() -> Numericalize.defaults().withMinFreq(0)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> Vocab.fromMetadata(Map.of("vocab.size", "3", "vocab.0", "xxunk")))
        .hasMessageContaining("lacks entry 1 of 3");
  }
}
