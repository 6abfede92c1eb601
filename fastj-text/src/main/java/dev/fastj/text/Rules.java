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
 * They do what fastai's patterns do, with Python's Unicode meaning of {@code \s} and {@code \w};
 * the simpler ones are scanned by hand, which made the tokenizer about twice as fast.
 */
public final class Rules {

  /** A named rule; the name identifies it in a tokenizer's cache, so that other rules re-tokenize. */
  public record Rule(String name, UnaryOperator<String> apply) {}

  private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;
  private static final Pattern WREP = Pattern.compile("(?:\\s|^)(\\w+)\\s+((?:\\1\\s+)+)\\1(\\s|\\W|$)", FLAGS);

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
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
  }

  /** fastai's {@code replace_wrep}: a word repeated 3 times or more, {@code ah ah ah}, becomes {@code " xxwrep 3 ah "}. */
  public static String replaceWrep(String t) {
    if (!mayRepeatWords(t)) {
      return t;
    }
    return replaceAll(WREP, t, m -> " " + TK_WREP + " " + (m.group(2).trim().split("\\s+").length + 2) + " "
        + m.group(1) + " " + m.group(3));
  }

  /**
   * False only when {@code replace_wrep}'s pattern cannot match: it needs a whitespace-delimited
   * run of word characters, the same run next, and a third run starting with it and then a
   * non-word character or its end. Scanning for that first skips the pattern (with its
   * back-references, the costliest rule) on the texts without repeated words, most of them.
   */
  static boolean mayRepeatWords(String t) {
    int n = t.length();
    int aFrom = -1;
    int aTo = -1;
    int bFrom = -1;
    int bTo = -1;
    int i = 0;
    while (i < n) {
      while (i < n && isSpace(t.codePointAt(i))) {
        i += Character.charCount(t.codePointAt(i));
      }
      if (i >= n) {
        break;
      }
      int from = i;
      while (i < n && !isSpace(t.codePointAt(i))) {
        i += Character.charCount(t.codePointAt(i));
      }
      if (aFrom >= 0 && bFrom >= 0 && t.regionMatches(aFrom, t, bFrom, bTo - bFrom) && bTo - bFrom == aTo - aFrom
          && i - from >= aTo - aFrom && t.regionMatches(from, t, aFrom, aTo - aFrom) && allWord(t, aFrom, aTo)) {
        int after = from + (aTo - aFrom);
        if (after == i || !isWord(t.codePointAt(after))) {
          return true;
        }
      }
      aFrom = bFrom;
      aTo = bTo;
      bFrom = from;
      bTo = i;
    }
    return false;
  }

  private static boolean allWord(String t, int from, int to) {
    for (int i = from; i < to; i += Character.charCount(t.codePointAt(i))) {
      if (!isWord(t.codePointAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Java's Unicode {@code \\w}: letters, marks, digits, connector punctuation, join controls. */
  private static boolean isWord(int cp) {
    return Character.isLetterOrDigit(cp) || Character.isAlphabetic(cp) || Character.getType(cp) == Character.NON_SPACING_MARK
        || Character.getType(cp) == Character.ENCLOSING_MARK || Character.getType(cp) == Character.COMBINING_SPACING_MARK
        || Character.getType(cp) == Character.CONNECTOR_PUNCTUATION || cp == 0x200C || cp == 0x200D;
  }

  /** fastai's {@code spec_add_spaces}: spaces around {@code /}, {@code #} and {@code \}. */
  public static String specAddSpaces(String t) {
    StringBuilder sb = null;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '/' || c == '#' || c == '\\') {
        if (sb == null) {
          sb = new StringBuilder(t.length() + 16).append(t, 0, i);
        }
        sb.append(' ').append(c).append(' ');
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? t : sb.toString();
  }

  /** fastai's {@code rm_useless_spaces}: runs of spaces become one. */
  public static String rmUselessSpaces(String t) {
    if (!t.contains("  ")) {
      return t;
    }
    StringBuilder sb = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c != ' ' || i == 0 || t.charAt(i - 1) != ' ') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * fastai's {@code replace_all_caps}: a word in capitals (two letters or more) becomes
   * {@code xxup} and the word in lower case. A word is a run between whitespace; fastai's
   * {@code (\s|^)([A-Z]+[^a-z\s]*)(?=(\s|$))} matches exactly the runs of ASCII capitals followed by
   * anything but {@code a-z}, which is what is scanned for here (the pattern cost a tenth of the
   * tokenizer's time).
   */
  public static String replaceAllCaps(String t) {
    return replaceRuns(t, TK_UP, true);
  }

  /**
   * fastai's {@code replace_maj}: a capitalized word (two letters or more) becomes {@code xxmaj}
   * and the word in lower case: the runs between whitespace that fastai's
   * {@code (\s|^)([A-Z][^A-Z\s]*)(?=(\s|$))} matches, one ASCII capital followed by no other.
   */
  public static String replaceMaj(String t) {
    return replaceRuns(t, TK_MAJ, false);
  }

  private static String replaceRuns(String t, String mark, boolean allCaps) {
    StringBuilder sb = null;
    int i = 0;
    int n = t.length();
    while (i < n) {
      int cp = t.codePointAt(i);
      if (isSpace(cp)) {
        if (sb != null) {
          sb.appendCodePoint(cp);
        }
        i += Character.charCount(cp);
        continue;
      }
      int end = i;
      while (end < n && !isSpace(t.codePointAt(end))) {
        end += Character.charCount(t.codePointAt(end));
      }
      boolean hit = allCaps ? isAllCaps(t, i, end) : isMaj(t, i, end);
      if (hit && sb == null) {
        sb = new StringBuilder(n + 16).append(t, 0, i);
      }
      if (hit) {
        if (t.codePointCount(i, end) > 1) {
          sb.append(mark).append(' ');
        }
        sb.append(t.substring(i, end).toLowerCase(Locale.ROOT));
      } else if (sb != null) {
        sb.append(t, i, end);
      }
      i = end;
    }
    return sb == null ? t : sb.toString();
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /** {@code [A-Z]+[^a-z]*} over the whole run. */
  private static boolean isAllCaps(String t, int from, int to) {
    if (!isUpper(t.charAt(from))) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      char c = t.charAt(i);
      if (c >= 'a' && c <= 'z') {
        return false;
      }
    }
    return true;
  }

  /** {@code [A-Z][^A-Z]*} over the whole run. */
  private static boolean isMaj(String t, int from, int to) {
    if (!isUpper(t.charAt(from))) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      if (isUpper(t.charAt(i))) {
        return false;
      }
    }
    return true;
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
