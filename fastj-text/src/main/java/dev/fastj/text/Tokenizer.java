package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * fastai's {@code Tokenizer} with its defaults: the {@link Rules#defaults() rules} applied to the
 * text in order, then the {@link WordTokenizer} (fastai's {@code TokenizeWithRules} over spaCy).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * Tokenizer tok = Tokenizer.create();
 * tok.tokenize("This isn't a problem");   // [xxbos, xxmaj, this, is, n't, a, problem]
 * TokenizedFolder done = tok.tokenizeFolder(path);   // tokenize_folder: cached in <path>_tok
 * }</pre>
 */
public final class Tokenizer {

  /** Files longer than this many characters are cut (with a warning); see {@link #withMaxChars}. */
  public static final int DEFAULT_MAX_CHARS = 1_000_000;

  private static final System.Logger LOG = System.getLogger(Tokenizer.class.getName());
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private final List<Rules.Rule> rules;
  private final WordTokenizer words;
  private final int maxChars;
  private final int workers;

  private Tokenizer(List<Rules.Rule> rules, WordTokenizer words, int maxChars, int workers) {
    this.rules = List.copyOf(rules);
    this.words = words;
    this.maxChars = maxChars;
    this.workers = workers;
  }

  /** fastai's rules over the word tokenizer, on as many threads as there are processors. */
  public static Tokenizer create() {
    return new Tokenizer(Rules.defaults(), new WordTokenizer(), DEFAULT_MAX_CHARS,
        Runtime.getRuntime().availableProcessors());
  }

  /** The same tokenizer with other rules (fastai's {@code rules=}), applied in the order given. */
  public Tokenizer withRules(List<Rules.Rule> newRules) {
    return new Tokenizer(newRules, words, maxChars, workers);
  }

  /** The same tokenizer reading at most {@code n} characters of a file (the rest is dropped, with a warning). */
  public Tokenizer withMaxChars(int n) {
    checkArgument(n > 0, "maxChars must be positive, got %s", n);
    return new Tokenizer(rules, words, n, workers);
  }

  /** The same tokenizer on {@code n} threads (fastai's {@code n_workers}). */
  public Tokenizer withWorkers(int n) {
    checkArgument(n > 0, "workers must be positive, got %s", n);
    return new Tokenizer(rules, words, maxChars, n);
  }

  /** The rules, in order. */
  public List<Rules.Rule> rules() {
    return rules;
  }

  /** The most characters read from one file. */
  public int maxChars() {
    return maxChars;
  }

  /** fastai's {@code tokenize1}: the rules, then the words. */
  public List<String> tokenize(String text) {
    String t = text;
    for (Rules.Rule r : rules) {
      t = r.apply().apply(t);
    }
    return words.split(t);
  }

  /** fastai's {@code tokenize_texts}: each text tokenized, in parallel, in the order given. */
  public List<List<String>> tokenizeTexts(List<String> texts) {
    return parallel(texts.size(), i -> tokenize(texts.get(i)));
  }

  /**
   * Reads {@code file} (see {@link TextReader} for other encodings, binary files, long files:
   * each is logged once as a warning naming the file) and tokenizes it.
   */
  public List<String> tokenizeFile(Path file) {
    return tokenizeRead(file).tokens();
  }

  /**
   * fastai's {@code tokenize_folder}: tokenizes every {@code .txt} file under {@code folder}
   * ({@link TextFiles#get}) in parallel, into the cache folder {@code <folder>_tok} beside it (see
   * {@link TokenizedFolder}); a second call on an unchanged folder reads the cache.
   */
  public TokenizedFolder tokenizeFolder(Path folder) {
    Path abs = folder.toAbsolutePath().normalize();
    checkArgument(abs.getParent() != null, "cannot put the token cache beside the root folder %s; "
        + "pass an output folder to tokenizeFolder(folder, outputDir)", abs);
    return tokenizeFolder(folder, abs.resolveSibling(abs.getFileName() + "_tok"));
  }

  /** {@link #tokenizeFolder(Path)} with the cache in {@code outputDir}. */
  public TokenizedFolder tokenizeFolder(Path folder, Path outputDir) {
    return TokenizedFolder.build(this, folder, outputDir);
  }

  /** Identifies what this tokenizer produces, so that a cache made by another one is not reused. */
  String id() {
    StringBuilder sb = new StringBuilder("fastj-tokenizer 1; words icu4j ")
        .append(com.ibm.icu.util.VersionInfo.ICU_VERSION).append("; maxChars ").append(maxChars).append("; rules");
    for (Rules.Rule r : rules) {
      sb.append(' ').append(r.name());
    }
    return sb.toString();
  }

  /** A file's tokens and the warning its reading gave (null when clean); the warning is logged once per file. */
  record FileTokens(List<String> tokens, String warning) {}

  FileTokens tokenizeRead(Path file) {
    TextReader.Text t = TextReader.read(file, maxChars);
    if (t.warning() != null && WARNED.add(file.toAbsolutePath().toString())) {
      LOG.log(System.Logger.Level.WARNING, t.warning());
    }
    return new FileTokens(tokenize(t.text()), t.warning());
  }

  <R> List<R> parallel(int n, IntFunction<R> f) {
    if (n == 0) {
      return List.of();
    }
    ForkJoinPool pool = new ForkJoinPool(Math.min(workers, n));
    try {
      return pool.submit(() -> IntStream.range(0, n).parallel().mapToObj(f).toList()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("tokenizing was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("tokenizing failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    rules.forEach(r -> names.add(r.name()));
    return "Tokenizer(rules " + names + ", maxChars " + maxChars + ", workers " + workers + ")";
  }
}
