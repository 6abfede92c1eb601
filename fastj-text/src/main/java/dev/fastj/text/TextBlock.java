package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Block;
import dev.fastj.data.CsvRow;
import dev.fastj.data.DataLoadersFactory;
import dev.fastj.data.TensorData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Texts as model input: fastai's {@code TextBlock}, its {@code Tokenizer} and
 * {@code Numericalize}. {@link #setup} tokenizes every item (a folder through its
 * {@code <folder>_tok} cache), builds the {@link Vocab} from the training texts (or keeps the one
 * given, as a classifier keeps its language model's), and turns each text into token ids. Its
 * {@link #dlType() loaders} are fastai's: a language model's ({@code is_lm}: the texts shuffled,
 * concatenated and cut into {@code bs} rows of {@code seqLen}, targets shifted by one) or a
 * classifier's (sorted by length, padded with {@code xxpad} by {@code pad_input_chunk}, pads first).
 *
 * <pre>{@code
 * DataBlock<Path> lm = DataBlock.of(TextBlock.fromFolder(path, true))
 *     .getItems(TextFiles::get).splitter(Splitters.random(0.1, 42));
 * DataLoaders dlsLm = lm.dataloaders(path, 64);
 * DataBlock<Path> clas = DataBlock.of(TextBlock.fromFolder(path, false).withVocab(textVocab(dlsLm)),
 *         CategoryBlock.create())
 *     .getItems(TextFiles::get).getY(Labels.parentLabel());
 * }</pre>
 */
public final class TextBlock implements Block {

  /** fastai's {@code seq_len}. */
  public static final int DEFAULT_SEQ_LEN = 72;

  private final boolean isLm;
  private final Path folder;
  private final Path tokenCache;
  private final String textCol;
  private final Tokenizer tokenizer;
  private final Numericalize numericalize;
  private final Vocab vocab;
  private final int seqLen;
  private final Map<Object, int[]> ids;

  private TextBlock(boolean isLm, Path folder, Path tokenCache, String textCol, Tokenizer tokenizer, Numericalize numericalize,
      Vocab vocab, int seqLen, Map<Object, int[]> ids) {
    this.isLm = isLm;
    this.folder = folder;
    this.tokenCache = tokenCache;
    this.textCol = textCol;
    this.tokenizer = tokenizer;
    this.numericalize = numericalize;
    this.vocab = vocab;
    this.seqLen = seqLen;
    this.ids = ids;
  }

  /**
   * fastai's {@code TextBlock.from_folder(path, is_lm=...)}: items are the text files under
   * {@code path} ({@link TextFiles#get}), tokenized once into {@code <path>_tok}.
   */
  public static TextBlock fromFolder(Path path, boolean isLm) {
    checkArgument(path != null, "fromFolder needs the folder of the texts");
    return new TextBlock(isLm, path.toAbsolutePath().normalize(), null, null, Tokenizer.create(), Numericalize.defaults(),
        null, DEFAULT_SEQ_LEN, Map.of());
  }

  /**
   * fastai's {@code TextBlock.from_df(text_cols, is_lm=...)} for one text column: items are CSV
   * rows ({@code Csv.rows}), their text the cell of {@code textCol}.
   */
  public static TextBlock fromDf(String textCol, boolean isLm) {
    checkArgument(textCol != null && !textCol.isBlank(), "fromDf needs the name of the text column");
    return new TextBlock(isLm, null, null, textCol, Tokenizer.create(), Numericalize.defaults(), null, DEFAULT_SEQ_LEN,
        Map.of());
  }

  /** The same block with this vocabulary instead of one built from the training texts (fastai's {@code vocab=}). */
  public TextBlock withVocab(Vocab v) {
    checkArgument(v != null, "vocab is null");
    return new TextBlock(isLm, folder, tokenCache, textCol, tokenizer, numericalize, v, seqLen, Map.of());
  }

  /**
   * The same block with the folder's tokens cached in {@code dir} instead of {@code <folder>_tok}
   * beside it (fastai's {@code output_dir}), for a folder whose parent cannot be written.
   */
  public TextBlock withTokenCache(Path dir) {
    checkArgument(folder != null, "only TextBlock.fromFolder caches tokens on disk");
    return new TextBlock(isLm, folder, dir, textCol, tokenizer, numericalize, vocab, seqLen, Map.of());
  }

  /** The same block with another tokenizer (other rules, say). */
  public TextBlock withTokenizer(Tokenizer t) {
    return new TextBlock(isLm, folder, tokenCache, textCol, t, numericalize, vocab, seqLen, Map.of());
  }

  /** The same block with other {@link Numericalize} settings ({@code min_freq}, {@code max_vocab}). */
  public TextBlock withNumericalize(Numericalize n) {
    return new TextBlock(isLm, folder, tokenCache, textCol, tokenizer, n, vocab, seqLen, Map.of());
  }

  /** The same block with fastai's {@code seq_len} changed (72 by default). */
  public TextBlock withSeqLen(int n) {
    checkArgument(n > 0, "seqLen must be positive, got %s", n);
    return new TextBlock(isLm, folder, tokenCache, textCol, tokenizer, numericalize, vocab, n, ids);
  }

  /** The folder of {@link #fromFolder}, or null. */
  Path folder() {
    return folder;
  }

  /** fastai's {@code is_lm}: language-model loaders rather than a classifier's. */
  public boolean isLm() {
    return isLm;
  }

  /** fastai's {@code seq_len}. */
  public int seqLen() {
    return seqLen;
  }

  /** The text vocabulary; null before {@link #setup} unless one was given. */
  public Vocab textVocab() {
    return vocab;
  }

  /** The tokenizer. */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public Block setup(List<?> trainRaw, List<?> validRaw) {
    List<Object> all = new ArrayList<>(trainRaw.size() + validRaw.size());
    all.addAll(trainRaw);
    all.addAll(validRaw);
    List<List<String>> tokens = tokenizeAll(all);
    Vocab v = vocab != null ? vocab : numericalize.vocab(Vocab.count(tokens.subList(0, trainRaw.size())));
    Map<Object, int[]> m = new HashMap<>(all.size() * 2);
    for (int i = 0; i < all.size(); i++) {
      m.put(all.get(i), v.encode(tokens.get(i)));
    }
    return new TextBlock(isLm, folder, tokenCache, textCol, tokenizer, numericalize, v, seqLen, m);
  }

  private List<List<String>> tokenizeAll(List<Object> raws) {
    TokenizedFolder tf = null;
    if (folder != null && raws.stream().anyMatch(o -> o instanceof Path p && p.toAbsolutePath().startsWith(folder))) {
      tf = tokenCache == null ? tokenizer.tokenizeFolder(folder) : tokenizer.tokenizeFolder(folder, tokenCache);
    }
    TokenizedFolder cached = tf;
    if (textCol != null) {
      List<String> texts = new ArrayList<>(raws.size());
      for (int i = 0; i < raws.size(); i++) {
        texts.add(text(raws.get(i), i));
      }
      return tokenizer.tokenizeTexts(texts);
    }
    return tokenizer.parallel(raws.size(), i -> {
      Object o = raws.get(i);
      if (o instanceof Path p && cached != null && cached.contains(p)) {
        return cached.tokens(p);
      }
      return TextRecipe.tokens(o, tokenizer, null);
    });
  }

  private String text(Object raw, int i) {
    if (raw instanceof CsvRow row) {
      String s = row.get(textCol);
      checkArgument(s != null, "row %s has no column '%s' (columns %s); check the name given to TextBlock.fromDf",
          row.line(), textCol, row.columns().keySet());
      return s;
    }
    if (raw instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("TextBlock.fromDf(\"" + textCol + "\") got a "
        + (raw == null ? "null" : raw.getClass().getSimpleName()) + " for item " + i + " (" + raw
        + "); its items are CSV rows: getItems(p -> Csv.rows(p.resolve(\"texts.csv\")))");
  }

  /** The token ids of {@code raw} (int[]): those set up, or tokenized now for a new item. */
  @Override
  public Object encode(Object raw) {
    if (vocab == null) {
      throw new IllegalStateException("TextBlock has no vocabulary yet; DataBlock.dataloaders sets it up");
    }
    int[] known = ids.get(raw);
    if (known != null) {
      return known;
    }
    return vocab.encode(textCol != null ? tokenizer.tokenize(text(raw, 0)) : TextRecipe.tokens(raw, tokenizer, null));
  }

  /** fastai's {@code pad_input_chunk}: INT64 [N, longest], {@code xxpad} in chunks of {@code seqLen} first. */
  @Override
  public TensorData collate(List<Object> values) {
    List<int[]> seqs = new ArrayList<>(values.size());
    values.forEach(v -> seqs.add((int[]) v));
    return Padding.padInputChunk(seqs, 1, true, seqLen);
  }

  @Override
  public DataLoadersFactory dlType() {
    return TextDataLoaders::create;
  }

  @Override
  public TextRecipe inputRecipe() {
    return vocab == null ? null : new TextRecipe(tokenizer, vocab, seqLen, true, textCol);
  }

  /** The text of token ids (an int[] or a long[]), pads left out, as fastai's decode shows it. */
  @Override
  public String show(Object encoded) {
    long[] ids = encoded instanceof int[] a ? java.util.Arrays.stream(a).asLongStream().toArray() : (long[]) encoded;
    StringBuilder sb = new StringBuilder();
    for (long id : ids) {
      if (id != 1) {
        sb.append(sb.length() == 0 ? "" : " ").append(vocab == null ? Long.toString(id) : vocab.token((int) id));
      }
    }
    return sb.toString();
  }

  @Override
  public String describe() {
    return "TextBlock(" + (isLm ? "language model" : "classifier") + (vocab == null ? "" : ", vocab " + vocab.size())
        + ")";
  }
}
