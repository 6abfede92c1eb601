package dev.fastj.text;

import static dev.fastj.text.SpecialTokens.BOS;
import static dev.fastj.text.SpecialTokens.TK_MAJ;
import static dev.fastj.text.SpecialTokens.TK_REP;
import static dev.fastj.text.SpecialTokens.TK_UP;
import static dev.fastj.text.SpecialTokens.TK_WREP;
import static dev.fastj.text.SpecialTokens.UNK;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;

/**
 * fastai's text pre-processing rules ({@code defaults.text_proc_rules}), each a function from
 * text to text applied before the words are split. {@link #defaults()} lists them in fastai's
 * order: {@code fix_html}, {@code replace_rep}, {@code replace_wrep}, {@code spec_add_spaces},
 * {@code rm_useless_spaces}, {@code replace_all_caps}, {@code replace_maj}, {@code lowercase}.
 * The patterns are fastai's, with Python's Unicode meaning of {@code \s} and {@code \w}.
 */
public final class Rules {

  /** A named rule; the name identifies it in a tokenizer's cache, so that other rules re-tokenize. */
  public record Rule(String name, UnaryOperator<String> apply) {}

  private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;
  private static final Pattern SPEC = Pattern.compile("([/#\\\\])");
  private static final Pattern SPACES = Pattern.compile(" {2,}");
  private static final Pattern WREP = Pattern.compile("(?:\\s|^)(\\w+)\\s+((?:\\1\\s+)+)\\1(\\s|\\W|$)", FLAGS);
  private static final Pattern ALL_CAPS = Pattern.compile("(\\s|^)([A-Z]+[^a-z\\s]*)(?=(\\s|$))", FLAGS);
  private static final Pattern MAJ = Pattern.compile("(\\s|^)([A-Z][^A-Z\\s]*)(?=(\\s|$))", FLAGS);

  private Rules() {}

  /** fastai's eight rules, in its order. */
  public static List<Rule> defaults() {
    return List.of(new Rule("fix_html", Rules::fixHtml), new Rule("replace_rep", Rules::replaceRep),
        new Rule("replace_wrep", Rules::replaceWrep), new Rule("spec_add_spaces", Rules::specAddSpaces),
        new Rule("rm_useless_spaces", Rules::rmUselessSpaces), new Rule("replace_all_caps", Rules::replaceAllCaps),
        new Rule("replace_maj", Rules::replaceMaj), new Rule("lowercase", Rules::lowercase));
  }

  /**
   * fastai's {@code fix_html}: the messy fragments seen in scraped documents ({@code #39;},
   * {@code amp;}, {@code nbsp;}, {@code <br />}, a literal {@code \n}, {@code <unk>},
   * {@code " @.@ "}, {@code ...} and others), then HTML entities unescaped (HTML 4's named
   * entities and numeric references; Python's {@code html.unescape} also knows HTML 5's names).
   */
  public static String fixHtml(String x) {
    x = x.replace("#39;", "'").replace("amp;", "&").replace("#146;", "'").replace("nbsp;", " ")
        .replace("#36;", "$").replace("\\n", "\n").replace("quot;", "'").replace("<br />", "\n")
        .replace("\\\"", "\"").replace("<unk>", UNK).replace(" @.@ ", ".").replace(" @-@ ", "-")
        .replace("...", " \u2026");
    return x.indexOf('&') < 0 ? x : StringEscapeUtils.unescapeHtml4(x);
  }

  /**
   * fastai's {@code replace_rep}: a character other than whitespace repeated 3 times or more,
   * {@code cccc}, becomes {@code " xxrep 4 c "} (fastai's {@code (\S)(\1{2,})}, scanned by hand:
   * the pattern with Unicode classes cost a third of the tokenizer's time).
   */
  public static String replaceRep(String t) {
    StringBuilder sb = null;
    int copied = 0;
    int i = 0;
    while (i < t.length()) {
      int cp = t.codePointAt(i);
      int w = Character.charCount(cp);
      int j = i + w;
      int n = 1;
      while (j < t.length() && t.codePointAt(j) == cp) {
        j += w;
        n++;
      }
      if (n >= 3 && !isSpace(cp)) {
        if (sb == null) {
          sb = new StringBuilder(t.length() + 16);
        }
        sb.append(t, copied, i).append(' ').append(TK_REP).append(' ').append(n).append(' ').appendCodePoint(cp)
            .append(' ');
        copied = j;
      }
      i = j;
    }
    return sb == null ? t : sb.append(t, copied, t.length()).toString();
  }

  /** Python's {@code \s} on a code point. */
  static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /** fastai's {@code replace_wrep}: a word repeated 3 times or more, {@code ah ah ah}, becomes {@code " xxwrep 3 ah "}. */
  public static String replaceWrep(String t) {
    return replaceAll(WREP, t, m -> " " + TK_WREP + " " + (m.group(2).trim().split("\\s+").length + 2) + " "
        + m.group(1) + " " + m.group(3));
  }

  /** fastai's {@code spec_add_spaces}: spaces around {@code /}, {@code #} and {@code \}. */
  public static String specAddSpaces(String t) {
    return SPEC.matcher(t).replaceAll(" $1 ");
  }

  /** fastai's {@code rm_useless_spaces}: runs of spaces become one. */
  public static String rmUselessSpaces(String t) {
    return SPACES.matcher(t).replaceAll(" ");
  }

  /** fastai's {@code replace_all_caps}: a word in capitals (two letters or more) becomes {@code xxup} and the word in lower case. */
  public static String replaceAllCaps(String t) {
    return replaceAll(ALL_CAPS, t, m -> m.group(1) + (m.group(2).length() > 1 ? TK_UP + " " : "")
        + m.group(2).toLowerCase(Locale.ROOT));
  }

  /** fastai's {@code replace_maj}: a capitalized word (two letters or more) becomes {@code xxmaj} and the word in lower case. */
  public static String replaceMaj(String t) {
    return replaceAll(MAJ, t, m -> m.group(1) + (m.group(2).length() > 1 ? TK_MAJ + " " : "")
        + m.group(2).toLowerCase(Locale.ROOT));
  }

  /** fastai's {@code lowercase} (with {@code add_bos}): {@code xxbos}, then the text in lower case, trimmed. */
  public static String lowercase(String t) {
    return BOS + " " + t.toLowerCase(Locale.ROOT).strip();
  }

  private static String replaceAll(Pattern p, String t, Function<Matcher, String> f) {
    Matcher m = p.matcher(t);
    if (!m.find()) {
      return t;
    }
    StringBuilder sb = new StringBuilder(t.length() + 16);
    do {
      m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
    } while (m.find());
    m.appendTail(sb);
    return sb.toString();
  }
}
