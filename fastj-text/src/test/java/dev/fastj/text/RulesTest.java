package dev.fastj.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** fastai's documented examples of each rule (nbs/30_text.core.ipynb). */
class RulesTest {

  @Test
  void specAddSpaces_putsSpacesAroundSlashHashAndBackslash() {
    assertThat(Rules.specAddSpaces("#fastai")).isEqualTo(" # fastai");
    assertThat(Rules.specAddSpaces("/fastai")).isEqualTo(" / fastai");
    assertThat(Rules.specAddSpaces("\\fastai")).isEqualTo(" \\ fastai");
  }

  @Test
  void rmUselessSpaces_collapsesRunsOfSpaces() {
    assertThat(Rules.rmUselessSpaces("a  b   c")).isEqualTo("a b c");
  }

  @Test
  void replaceRep_marksThreeOrMoreRepeatedCharacters() {
    assertThat(Rules.replaceRep("aa")).isEqualTo("aa");
    assertThat(Rules.replaceRep("aaaa")).isEqualTo(" xxrep 4 a ");
    assertThat(Rules.replaceRep("cccc!!!")).isEqualTo(" xxrep 4 c  xxrep 3 ! ");
    assertThat(Rules.replaceRep("so\ud83d\ude00\ud83d\ude00\ud83d\ude00 good")).isEqualTo("so xxrep 3 \ud83d\ude00  good");
    assertThat(Rules.replaceRep("a    b\n\n\n")).isEqualTo("a    b\n\n\n");
  }

  @Test
  void replaceWrep_marksThreeOrMoreRepeatedWords() {
    assertThat(Rules.replaceWrep("ah ah")).isEqualTo("ah ah");
    assertThat(Rules.replaceWrep("ah ah ah")).isEqualTo(" xxwrep 3 ah ");
    assertThat(Rules.replaceWrep("ah ah ah ah")).isEqualTo(" xxwrep 4 ah ");
    assertThat(Rules.replaceWrep("ah ah ah ah ")).isEqualTo(" xxwrep 4 ah  ");
    assertThat(Rules.replaceWrep("ah ah ah ah.")).isEqualTo(" xxwrep 4 ah .");
    assertThat(Rules.replaceWrep("ah ah ahi")).isEqualTo("ah ah ahi");
  }

  @Test
  void fixHtml_repairsScrapedFragmentsAndUnescapesEntities() {
    assertThat(Rules.fixHtml("#39;bli#146;")).isEqualTo("'bli'");
    assertThat(Rules.fixHtml("Sarah amp; Duck...")).isEqualTo("Sarah & Duck \u2026");
    assertThat(Rules.fixHtml("a nbsp; #36;")).isEqualTo("a   $");
    assertThat(Rules.fixHtml("\\\" <unk>")).isEqualTo("\" xxunk");
    assertThat(Rules.fixHtml("quot;  @.@  @-@ ")).isEqualTo("' .-");
    assertThat(Rules.fixHtml("<br />text\\nhere")).isEqualTo("\ntext\nhere");
    assertThat(Rules.fixHtml("caf&eacute; &lt;b&gt; &#233;")).isEqualTo("caf\u00e9 <b> \u00e9");
  }

  @Test
  void replaceAllCaps_lowersShoutedWordsAndMarksThem() {
    assertThat(Rules.replaceAllCaps("I'M SHOUTING")).isEqualTo("xxup i'm xxup shouting");
    assertThat(Rules.replaceAllCaps("I'm speaking normally")).isEqualTo("I'm speaking normally");
    assertThat(Rules.replaceAllCaps("I am speaking normally")).isEqualTo("i am speaking normally");
  }

  @Test
  void replaceMaj_lowersCapitalizedWordsAndMarksThem() {
    assertThat(Rules.replaceMaj("Jeremy Howard")).isEqualTo("xxmaj jeremy xxmaj howard");
    assertThat(Rules.replaceMaj("I don't think there is any maj here"))
        .isEqualTo("i don't think there is any maj here");
  }

  @Test
  void lowercase_addsBosAndTrims() {
    assertThat(Rules.lowercase("  Hello World \n")).isEqualTo("xxbos hello world");
  }

  @Test
  void defaults_areFastaisEightRulesInOrder() {
    assertThat(Rules.defaults()).extracting(Rules.Rule::name).containsExactly("fix_html", "replace_rep",
        "replace_wrep", "spec_add_spaces", "rm_useless_spaces", "replace_all_caps", "replace_maj", "lowercase");
    assertThat(SpecialTokens.ALL).containsExactly("xxunk", "xxpad", "xxbos", "xxeos", "xxfld", "xxrep", "xxwrep",
        "xxup", "xxmaj");
  }
}
