package dev.fastj.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

  private final WordTokenizer words = new WordTokenizer();
  private final Tokenizer tok = Tokenizer.create();

  @Test
  void words_splitPunctuationAndContractionsAsSpacy() {
    // fastai's SpacyTokenizer example
    assertThat(words.split("This isn't the easiest text to tokenize!"))
        .containsExactly("This", "is", "n't", "the", "easiest", "text", "to", "tokenize", "!");
    assertThat(words.split("I don't know, I'm sure.")).containsExactly("I", "do", "n't", "know", ",", "I", "'m", "sure",
        ".");
    assertThat(words.split("can't won't they're we've I'd he'll Tom's")).containsExactly("ca", "n't", "wo", "n't",
        "they", "'re", "we", "'ve", "I", "'d", "he", "'ll", "Tom", "'s");
    assertThat(words.split("It costs $5.50 (50%), well-known o'clock"))
        .containsExactly("It", "costs", "$", "5.50", "(", "50", "%", ")", ",", "well", "-", "known", "o'clock");
    assertThat(words.split("typographic don\u2019t")).containsExactly("typographic", "do", "n\u2019t");
  }

  @Test
  void words_keepNewlinesAsTokensWithoutSpaces() {
    assertThat(words.split("one\ntwo \n\nthree  four")).containsExactly("one", "\n", "two", "\n\n", "three", "\u2581",
        "four");
    assertThat(words.split("")).isEmpty();
  }

  @Test
  void tokenize_appliesRulesThenWords_fastaiExamples() {
    assertThat(tok.tokenize("This isn't a problem"))
        .containsExactly("xxbos", "xxmaj", "this", "is", "n't", "a", "problem");
    assertThat(tok.tokenize("This movie was really, REALLY good!!!"))
        .containsExactly("xxbos", "xxmaj", "this", "movie", "was", "really", ",", "xxup", "really", "good", "xxrep",
            "3", "!");
    assertThat(tok.tokenize("ah ah ah ah #fastai")).containsExactly("xxbos", "xxwrep", "4", "ah", "#", "fastai");
    assertThat(tok.tokenize("")).containsExactly("xxbos");
  }

  @Test
  void tokenizeTexts_keepsOrderOnSeveralThreads() {
    List<String> texts = List.of("One", "Two words", "THREE", "four four four four");
    assertThat(tok.withWorkers(3).tokenizeTexts(texts)).containsExactly(List.of("xxbos", "xxmaj", "one"),
        List.of("xxbos", "xxmaj", "two", "words"), List.of("xxbos", "xxup", "three"),
        List.of("xxbos", "xxwrep", "4", "four"));
  }

  @Test
  void withRules_replacesTheRules() {
    Tokenizer bare = tok.withRules(List.of(new Rules.Rule("all_caps", Rules::replaceAllCaps)));
    assertThat(bare.tokenize("THIS isn't a problem")).containsExactly("xxup", "this", "is", "n't", "a", "problem");
    assertThat(bare.id()).isNotEqualTo(tok.id());
  }
}
