package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text vocabulary, fastai's {@code vocab} of {@code Numericalize}: the tokens by index
 * ({@code itos}), the {@link SpecialTokens} first in fastai's order (so {@code xxunk} is 0 and
 * {@code xxpad} 1), then the training tokens by decreasing count, padded with {@code xxfake} to a
 * multiple of 8. A token outside it encodes to {@code xxunk}; {@code xxfake} never encodes.
 * Immutable. It travels in an export as the {@code vocab.size} and {@code vocab.<i>} keys of the
 * text {@link TextRecipe}, as the class names of a category block do in the export's own keys.
 */
public final class Vocab {

  private final List<String> itos;
  private final Map<String, Integer> stoi;

  private Vocab(List<String> itos) {
    this.itos = List.copyOf(itos);
    this.stoi = new HashMap<>(itos.size() * 2);
    for (int i = 0; i < itos.size(); i++) {
      String t = itos.get(i);
      if (!t.equals(SpecialTokens.FAKE)) {
        stoi.putIfAbsent(t, i);
      }
    }
  }

  /**
   * A vocabulary with exactly these tokens, in this order (fastai's {@code Numericalize(vocab=...)},
   * as when a classifier reuses its language model's vocabulary). The first must be
   * {@code xxunk} and the second {@code xxpad}; no token but {@code xxfake} may repeat.
   */
  public static Vocab of(List<String> itos) {
    checkArgument(itos.size() >= 2 && itos.get(0).equals(SpecialTokens.UNK) && itos.get(1).equals(SpecialTokens.PAD),
        "a vocab starts with xxunk, xxpad (fastai's special tokens), got %s",
        itos.subList(0, Math.min(itos.size(), 4)));
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < itos.size(); i++) {
      String t = itos.get(i);
      checkArgument(t != null && !t.isEmpty(), "vocab entry %s is empty", i);
      Integer before = seen.putIfAbsent(t, i);
      checkArgument(before == null || t.equals(SpecialTokens.FAKE), "vocab token '%s' is at both %s and %s",
          t, before, i);
    }
    return new Vocab(itos);
  }

  /**
   * fastai's {@code make_vocab}: the special tokens, then the at most {@code maxVocab} most frequent
   * tokens seen at least {@code minFreq} times (ties broken by the token, so every run gives the
   * same vocabulary), cut to {@code maxVocab} in all, then {@code xxfake} up to a multiple of 8.
   * (fastai adds eight {@code xxfake} to a size that already is one; here none are added.)
   * {@link Numericalize#vocab} checks the settings.
   */
  static Vocab make(Map<String, Long> counts, int minFreq, int maxVocab) {
    List<String> out = new ArrayList<>(SpecialTokens.ALL);
    TokenizedFolder.sortedByCount(counts).forEach((t, c) -> {
      if (c >= minFreq && out.size() < maxVocab && !SpecialTokens.ALL.contains(t) && !t.equals(SpecialTokens.FAKE)) {
        out.add(t);
      }
    });
    while (out.size() % 8 != 0) {
      out.add(SpecialTokens.FAKE);
    }
    return new Vocab(out);
  }

  /** Token counts of {@code docs}, as {@link Numericalize#vocab} takes them. */
  public static Map<String, Long> count(Collection<? extends List<String>> docs) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (List<String> d : docs) {
      for (String t : d) {
        m.merge(t, 1L, Long::sum);
      }
    }
    return m;
  }

  /** fastai's {@code vocab}: the tokens by index. */
  public List<String> itos() {
    return itos;
  }

  /** Number of entries, {@code xxfake} included (the embedding's row count). */
  public int size() {
    return itos.size();
  }

  /** The index of {@code token}, or 0 ({@code xxunk}) when it is not in the vocabulary. */
  public int index(String token) {
    return stoi.getOrDefault(token, 0);
  }

  /** The token at {@code index}. */
  public String token(int index) {
    checkArgument(index >= 0 && index < itos.size(), "token index %s is outside the vocab of %s", index, itos.size());
    return itos.get(index);
  }

  /** fastai's {@code Numericalize.encodes}: the index of every token. */
  public int[] encode(List<String> tokens) {
    int[] out = new int[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = index(tokens.get(i));
    }
    return out;
  }

  /** fastai's {@code Numericalize.decodes}: the token of every index. */
  public List<String> decode(long[] ids) {
    List<String> out = new ArrayList<>(ids.length);
    for (long id : ids) {
      out.add(token(Math.toIntExact(id)));
    }
    return out;
  }

  /** {@code vocab.size} and {@code vocab.<i>}, the keys an export carries. */
  Map<String, String> toMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("vocab.size", Integer.toString(itos.size()));
    for (int i = 0; i < itos.size(); i++) {
      m.put("vocab." + i, itos.get(i));
    }
    return m;
  }

  /** The vocabulary {@link #toMetadata()} wrote. */
  static Vocab fromMetadata(Map<String, String> m) {
    String size = m.get("vocab.size");
    checkArgument(size != null, "the export's text recipe has no vocab.size; it is damaged or not a text model");
    int n = Integer.parseInt(size);
    List<String> itos = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String t = m.get("vocab." + i);
      checkArgument(t != null, "the export's text vocab lacks entry %s of %s; it is damaged", i, n);
      itos.add(t);
    }
    return of(itos);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vocab v && v.itos.equals(itos);
  }

  @Override
  public int hashCode() {
    return itos.hashCode();
  }

  @Override
  public String toString() {
    return "Vocab(" + itos.size() + " tokens: " + itos.subList(0, Math.min(12, itos.size()))
        + (itos.size() > 12 ? "...)" : ")");
  }
}
