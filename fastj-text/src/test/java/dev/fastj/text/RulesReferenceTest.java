package dev.fastj.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-scanned rules against fastai's own patterns (run by java.util.regex with Unicode
 * classes) on every bundled message and on edge cases: they must give the same text.
 */
class RulesReferenceTest {

  private static final int U = Pattern.UNICODE_CHARACTER_CLASS;
  private static final Pattern REP = Pattern.compile("(\\S)(\\1{2,})", U);
  private static final Pattern ALL_CAPS = Pattern.compile("(\\s|^)([A-Z]+[^a-z\\s]*)(?=(\\s|$))", U);
  private static final Pattern WREP = Pattern.compile("(?:\\s|^)(\\w+)\\s+((?:\\1\\s+)+)\\1(\\s|\\W|$)", U);
  private static final Pattern MAJ = Pattern.compile("(\\s|^)([A-Z][^A-Z\\s]*)(?=(\\s|$))", U);

  private static String rep(String t) {
    Matcher m = REP.matcher(t);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(" xxrep " + (m.group(2).codePointCount(0, m.group(2).length())
          + 1) + " " + m.group(1) + " "));
    }
    return m.appendTail(sb).toString();
  }

  private static String wrep(String t) {
    Matcher m = WREP.matcher(t);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(" xxwrep " + (m.group(2).trim().split("\\s+").length + 2) + " "
          + m.group(1) + " " + m.group(3)));
    }
    return m.appendTail(sb).toString();
  }

  private static String caps(Pattern p, String mark, String t) {
    Matcher m = p.matcher(t);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String g = m.group(2);
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + (g.codePointCount(0, g.length()) > 1 ? mark + " " : "")
          + g.toLowerCase(java.util.Locale.ROOT)));
    }
    return m.appendTail(sb).toString();
  }

  private static List<String> texts() throws IOException {
    List<String> out = new ArrayList<>(List.of("", " ", "A", "AB", "I'M SHOUTING", "Jeremy Howard", "McDonald X-RAY",
        "ÉCOLE École", "A\u00a0BC\tDe\nFGh", "HELLO!!! World...", "aaa bbbb  c", "x\n\n\n\ny", "U.S.A. IS OK",
        "$100 FREE!!!", "\u00a0\u00a0\u00a0", "ah ah ah", "ah ah ahi", "ah ah ah.", "x ah ah ah ah y", "no no no\u001cno", "caf\u00e9 caf\u00e9 caf\u00e9!",
        "a_b a_b a_b", "1 1 1", "ah\tah\nah", "ah ah\u00a0ah", "go go go go go", "😀😀😀 ok", "ABC", "Ab Cd EF gH", "  lead trail  "));
    Path root = TextDatasets.spamAssassin();
    for (Path p : TextFiles.get(root)) {
      out.add(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void handScannedRules_matchFastaisPatternsOnEveryMessage() throws IOException {
    int n = 0;
    int repeats = 0;
    for (String t : texts()) {
      assertThat(Rules.replaceRep(t)).as("replace_rep on %s", abbreviate(t)).isEqualTo(rep(t));
      assertThat(Rules.replaceAllCaps(t)).as("replace_all_caps on %s", abbreviate(t)).isEqualTo(caps(ALL_CAPS, "xxup", t));
      assertThat(Rules.replaceMaj(t)).as("replace_maj on %s", abbreviate(t)).isEqualTo(caps(MAJ, "xxmaj", t));
      assertThat(Rules.replaceWrep(t)).as("replace_wrep on %s", abbreviate(t)).isEqualTo(wrep(t));
      if (Rules.mayRepeatWords(t)) {
        repeats++;
      }
      assertThat(Rules.specAddSpaces(t)).isEqualTo(t.replaceAll("([/#\\\\])", " $1 "));
      assertThat(Rules.rmUselessSpaces(t)).isEqualTo(t.replaceAll(" {2,}", " "));
      n++;
    }
    assertThat(n).isGreaterThan(3000);
    assertThat(repeats).as("texts the replace_wrep pre-scan hands to the pattern").isBetween(10, n / 2);
  }

  private static String abbreviate(String t) {
    return t.length() > 80 ? t.substring(0, 80) + "..." : t;
  }
}
