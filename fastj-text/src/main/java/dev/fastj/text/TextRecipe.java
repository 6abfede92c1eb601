package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.CsvRow;
import dev.fastj.data.TensorData;
import dev.fastj.spi.InputRecipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a text model turns raw texts into its input, in a form an export carries ({@link
 * InputRecipe} of kind {@value #KIND}): the tokenizer's rules (by fastai's names) and
 * {@code maxChars}, the {@link Vocab} ({@code vocab.size}, {@code vocab.<i>}), and the padding
 * (fastai's {@code pad_input_chunk}: {@code seqLen}, {@code padFirst}). Items to encode may be a
 * {@code String} (the text), a {@code Path} (a text file) or, when the recipe names its text
 * column, a {@link CsvRow}. The result is INT64 [N, L], padded with {@code xxpad}; a classifier's
 * recipe has a fixed {@link #length()} ({@code length}, its {@code max_len}).
 */
public final class TextRecipe implements InputRecipe {

  /** The recipe kind in exports. */
  public static final String KIND = "text";

  private static final int VERSION = 1;

  private final Tokenizer tokenizer;
  private final Vocab vocab;
  private final int seqLen;
  private final boolean padFirst;
  private final String textCol;
  /** 0, or the model's fixed input length: the last {@code length} tokens, padded to exactly it. */
  private final int length;

  TextRecipe(Tokenizer tokenizer, Vocab vocab, int seqLen, boolean padFirst, String textCol) {
    this(tokenizer, vocab, seqLen, padFirst, textCol, 0);
  }

  TextRecipe(Tokenizer tokenizer, Vocab vocab, int seqLen, boolean padFirst, String textCol, int length) {
    this.length = length;
    this.tokenizer = tokenizer;
    this.vocab = vocab;
    this.seqLen = seqLen;
    this.padFirst = padFirst;
    this.textCol = textCol;
  }

  /** The vocabulary. */
  public Vocab vocab() {
    return vocab;
  }

  /** The tokenizer. */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Map<String, String> toMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("version", Integer.toString(VERSION));
    m.put("rules", String.join(",", tokenizer.rules().stream().map(Rules.Rule::name).toList()));
    m.put("maxChars", Integer.toString(tokenizer.maxChars()));
    m.put("seqLen", Integer.toString(seqLen));
    m.put("padFirst", Boolean.toString(padFirst));
    if (textCol != null) {
      m.put("textCol", textCol);
    }
    if (length > 0) {
      m.put("length", Integer.toString(length));
    }
    m.putAll(vocab.toMetadata());
    return m;
  }

  /** The token ids of one item. */
  int[] ids(Object item) {
    return vocab.encode(tokens(item, tokenizer, textCol));
  }

  static List<String> tokens(Object item, Tokenizer tokenizer, String textCol) {
    if (item instanceof String s) {
      return tokenizer.tokenize(s);
    }
    if (item instanceof Path p) {
      return tokenizer.tokenizeFile(p);
    }
    if (item instanceof CsvRow row && textCol != null) {
      return tokenizer.tokenize(row.get(textCol));
    }
    throw new IllegalArgumentException("cannot take text from a " + (item == null ? "null" : item.getClass().getSimpleName())
        + " (" + item + "); give a String, a Path to a text file" + (textCol == null ? "" : " or a CSV row with column '"
        + textCol + "'"));
  }

  @Override
  public List<TensorData> encode(List<?> items) {
    checkArgument(!items.isEmpty(), "nothing to encode: give at least one text");
    List<int[]> seqs = new ArrayList<>(items.size());
    for (Object o : items) {
      int[] ids = ids(o);
      seqs.add(length > 0 && ids.length > length ? java.util.Arrays.copyOfRange(ids, ids.length - length, ids.length)
          : ids);
    }
    return List.of(Padding.padInputChunk(seqs, vocab.index(SpecialTokens.PAD), padFirst, seqLen, length));
  }

  /** This recipe for a model of a fixed input length (a text classifier's {@code max_len}): see {@link #length()}. */
  TextRecipe withLength(int n) {
    return new TextRecipe(tokenizer, vocab, seqLen, padFirst, textCol, n);
  }

  /**
   * 0, or the input length of the model: each text's last {@code length} tokens, padded (whole
   * chunks of {@code xxpad} first) to exactly {@code length}.
   */
  public int length() {
    return length;
  }

  /** True: a text model reads {@code .txt} files (UTF-8, bad bytes replaced). */
  @Override
  public boolean acceptsFiles() {
    return true;
  }

  /** The recipe {@link #toMetadata()} described. */
  public static TextRecipe fromMetadata(Map<String, String> m) {
    checkArgument(Integer.toString(VERSION).equals(m.get("version")), "this export's text recipe is version %s; "
        + "this fastj reads version %s", m.get("version"), VERSION);
    Map<String, Rules.Rule> known = new LinkedHashMap<>();
    Rules.defaults().forEach(r -> known.put(r.name(), r));
    List<Rules.Rule> rules = new ArrayList<>();
    String names = need(m, "rules");
    for (String n : names.isEmpty() ? new String[0] : names.split(",")) {
      Rules.Rule r = known.get(n);
      checkArgument(r != null, "this text model was tokenized with the rule '%s', which is not one of fastai's %s; "
          + "a loaded model can only repeat fastai's rules", n, known.keySet());
      rules.add(r);
    }
    Tokenizer tok = Tokenizer.create().withRules(rules).withMaxChars(Integer.parseInt(need(m, "maxChars")));
    return new TextRecipe(tok, Vocab.fromMetadata(m), Integer.parseInt(need(m, "seqLen")),
        Boolean.parseBoolean(need(m, "padFirst")), m.get("textCol"), Integer.parseInt(m.getOrDefault("length", "0")));
  }

  private static String need(Map<String, String> m, String key) {
    String v = m.get(key);
    checkArgument(v != null, "the text recipe of this export has no '%s'; the file is damaged or was not written "
        + "by fastj", key);
    return v;
  }

  /** Reads text recipes back from exports (registered as a service). */
  public static final class Reader implements InputRecipe.Reader {

    /** The reader {@link java.util.ServiceLoader} makes. */
    public Reader() {}

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public InputRecipe read(Map<String, String> metadata) {
      return fromMetadata(metadata);
    }
  }
}
