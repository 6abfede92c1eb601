package dev.fastj.text;

import com.ibm.icu.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into words as fastai's {@code WordTokenizer} (spaCy's English tokenizer) does:
 * words, numbers and each punctuation mark apart ({@code "$5.50,"} is {@code $ 5.50 ,}), hyphenated
 * words at the hyphen, and English contractions before their clitic: {@code don't} is
 * {@code do n't}, {@code I'm} is {@code I 'm}, {@code Tom's} is {@code Tom 's} (also {@code 're 've
 * 'll 'd} and the typographic apostrophe). The boundaries are Unicode's word boundaries (UAX #29)
 * from ICU4J's {@link BreakIterator}, so every script is split where Unicode says words end.
 *
 * <p>Whitespace, as in spaCy: one space after a word disappears; any other run of whitespace (a
 * newline, a tab, two newlines) is a token of its own, its spaces replaced by {@code \u2581} as
 * fastai's {@code replace_space} does, so that no token contains a space. Known differences from
 * spaCy: e-mail addresses and URLs are split at {@code @} and {@code :}, and spaCy's special
 * cases ({@code cannot}, {@code gonna}) stay whole. Thread-safe.
 */
public final class WordTokenizer {

  private static final String[] CLITICS = {"n't", "n\u2019t", "'s", "\u2019s", "'m", "\u2019m", "'d", "\u2019d",
      "'re", "\u2019re", "'ve", "\u2019ve", "'ll", "\u2019ll"};

  private final BreakIterator prototype = BreakIterator.getWordInstance(Locale.ROOT);

  /** A tokenizer splitting as described above. */
  public WordTokenizer() {}

  /** The tokens of {@code text}, in order. */
  public List<String> split(String text) {
    BreakIterator words;
    synchronized (prototype) {
      words = (BreakIterator) prototype.clone();
    }
    words.setText(text);
    List<String> out = new ArrayList<>(text.length() / 4 + 4);
    int wsStart = -1;
    int start = words.first();
    for (int end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
      if (isBlank(text, start, end)) {
        if (wsStart < 0) {
          wsStart = start;
        }
        continue;
      }
      if (wsStart >= 0) {
        whitespace(text, wsStart, start, !out.isEmpty(), out);
        wsStart = -1;
      }
      word(text.substring(start, end), out);
    }
    if (wsStart >= 0) {
      whitespace(text, wsStart, text.length(), !out.isEmpty(), out);
    }
    return out;
  }

  private static void whitespace(String text, int start, int end, boolean afterWord, List<String> out) {
    if (afterWord && text.charAt(start) == ' ') {
      start++;
    }
    if (start < end) {
      out.add(text.substring(start, end).replace(' ', '\u2581'));
    }
  }

  private static void word(String w, List<String> out) {
    String lower = w.toLowerCase(Locale.ROOT);
    for (String c : CLITICS) {
      if (lower.length() > c.length() && lower.endsWith(c)) {
        int cut = w.length() - c.length();
        if (Character.isLetter(w.charAt(cut - 1))) {
          out.add(w.substring(0, cut));
          out.add(w.substring(cut));
          return;
        }
      }
    }
    out.add(w);
  }

  private static boolean isBlank(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!Character.isWhitespace(text.charAt(i)) && !Character.isSpaceChar(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
