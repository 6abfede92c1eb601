package dev.fastj.text;

import dev.fastj.internal.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of fastai's {@code tokenize_folder}: every {@code .txt} file of a folder tokenized
 * into a cache folder ({@code <folder>_tok} by default), with each file's token count (fastai's
 * {@code lengths.pkl}) and the count of every token over the folder (fastai's
 * {@code counter.pkl}).
 *
 * <p>The cache holds, for {@code <folder>/a/b.txt}, the tokens of that file in
 * {@code <cache>/a/b.txt} (separated by single spaces, as fastai writes them, a space inside a
 * token written {@code \s}: ICU keeps a combining mark with the space before it); {@code counts.tsv}
 * (token, count, most frequent first); and {@code manifest.tsv}, written last, which names the
 * tokenizer (its rules and settings) and, per file, the size and modification time it had and
 * its token count. Every file is written atomically (a temporary file, then a rename), so an
 * interrupted run leaves the old cache or the new one. A later run re-tokenizes only the files
 * whose size or modification time changed or that are new, drops the removed ones, and
 * re-tokenizes everything when the tokenizer differs; on an unchanged folder it reads only the
 * manifest and the counts. In the manifest and the counts, a tab, a newline and a backslash inside
 * a value are written {@code \t}, {@code \n} and {@code \\}.
 */
public final class TokenizedFolder {

  static final String MANIFEST = "manifest.tsv";
  static final String COUNTS = "counts.tsv";
  private static final String MAGIC = "fastj-tokens";
  /** The cache's format: 2 escapes the tokens of the token files (1 did not, and lost spaces inside tokens). */
  private static final int FORMAT = 2;

  private final Path folder;
  private final Path cacheDir;
  private final Map<String, Entry> entries;
  private final Map<String, Long> counts;
  private final int tokenized;

  private record Entry(long size, long modified, int length, String warning) {}

  private TokenizedFolder(Path folder, Path cacheDir, Map<String, Entry> entries, Map<String, Long> counts,
      int tokenized) {
    this.folder = folder;
    this.cacheDir = cacheDir;
    this.entries = entries;
    this.counts = counts;
    this.tokenized = tokenized;
  }

  /** The folder that was tokenized. */
  public Path folder() {
    return folder;
  }

  /** Where the tokens are. */
  public Path cacheDir() {
    return cacheDir;
  }

  /** Number of text files. */
  public int fileCount() {
    return entries.size();
  }

  /** How many files this run tokenized; the others came from the cache (0 on an unchanged folder). */
  public int tokenizedCount() {
    return tokenized;
  }

  /** True when {@code file} is one of the tokenized files. */
  public boolean contains(Path file) {
    return entries.containsKey(relative(file));
  }

  /** The tokens of {@code file}, read from the cache. */
  public List<String> tokens(Path file) {
    String rel = relative(file);
    if (!entries.containsKey(rel)) {
      throw new IllegalArgumentException(file + " is not among the " + entries.size() + " text files tokenized from "
          + folder + "; tokenize it with Tokenizer.tokenizeFile");
    }
    try {
      return split(Files.readString(cacheDir.resolve(rel), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokens of " + file + " from " + cacheDir + ": " + e.getMessage()
          + "; delete " + cacheDir + " to tokenize again", e);
    }
  }

  /** fastai's {@code lengths}: the number of tokens of {@code file}. */
  public int length(Path file) {
    Entry e = entries.get(relative(file));
    if (e == null) {
      throw new IllegalArgumentException(file + " is not among the text files tokenized from " + folder);
    }
    return e.length();
  }

  /** fastai's {@code counter}: how often each token occurs in the folder, most frequent first. */
  public Map<String, Long> counts() {
    return counts;
  }

  /** What reading each troublesome file gave (another encoding, binary, too long), one line per file. */
  public List<String> warnings() {
    return entries.values().stream().map(Entry::warning).filter(Objects::nonNull).toList();
  }

  private String relative(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    if (!abs.startsWith(folder)) {
      return "";
    }
    return folder.relativize(abs).toString().replace('\\', '/');
  }

  /** The tokens {@link #join} wrote. */
  static List<String> split(String joined) {
    if (joined.isEmpty()) {
      return List.of();
    }
    String[] parts = joined.split(" ", -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = unescape(parts[i]);
    }
    return Arrays.asList(parts);
  }

  /**
   * The tokens separated by single spaces, each escaped as the counts are and a space inside one
   * written {@code \s}, so that {@link #split} gives them back exactly (a token such as
   * {@code " \u0335"}, a space with a combining mark, used to come back as an empty token).
   */
  static String join(List<String> tokens) {
    StringBuilder sb = new StringBuilder();
    for (String t : tokens) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(escape(t).replace(" ", "\\s"));
    }
    return sb.toString();
  }

  static TokenizedFolder build(Tokenizer tok, Path folderIn, Path cacheDirIn) {
    Path folder = folderIn.toAbsolutePath().normalize();
    Path cacheDir = cacheDirIn.toAbsolutePath().normalize();
    if (cacheDir.startsWith(folder)) {
      throw new IllegalArgumentException("the token cache " + cacheDir + " is inside the folder it tokenizes ("
          + folder + "); put it elsewhere");
    }
    List<Path> files = TextFiles.get(folder);
    Map<String, Entry> old = readManifest(cacheDir.resolve(MANIFEST), tok.id());
    List<String> rels = new ArrayList<>(files.size());
    List<BasicFileAttributes> attrs = new ArrayList<>(files.size());
    List<Integer> todo = new ArrayList<>();
    for (Path f : files) {
      String rel = folder.relativize(f).toString().replace('\\', '/');
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(f, BasicFileAttributes.class);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
      }
      rels.add(rel);
      attrs.add(a);
      Entry e = old.get(rel);
      if (e == null || e.size() != a.size() || e.modified() != a.lastModifiedTime().toMillis()
          || !Files.isRegularFile(cacheDir.resolve(rel))) {
        todo.add(rels.size() - 1);
      }
    }
    boolean unchanged = todo.isEmpty() && old.size() == files.size() && Files.isRegularFile(cacheDir.resolve(COUNTS));
    Map<String, Entry> entries = new LinkedHashMap<>();
    if (unchanged) {
      rels.forEach(r -> entries.put(r, old.get(r)));
      return new TokenizedFolder(folder, cacheDir, entries, readCounts(cacheDir.resolve(COUNTS)), 0);
    }
    List<Entry> fresh = tok.parallel(todo.size(), k -> {
      int i = todo.get(k);
      Tokenizer.FileTokens ft = tok.tokenizeRead(files.get(i));
      String joined = join(ft.tokens());
      AtomicFiles.write(cacheDir.resolve(rels.get(i)), os -> os.write(joined.getBytes(StandardCharsets.UTF_8)));
      return new Entry(attrs.get(i).size(), attrs.get(i).lastModifiedTime().toMillis(), ft.tokens().size(),
          ft.warning());
    });
    Map<Integer, Entry> byIndex = new HashMap<>();
    for (int k = 0; k < todo.size(); k++) {
      byIndex.put(todo.get(k), fresh.get(k));
    }
    for (int i = 0; i < rels.size(); i++) {
      entries.put(rels.get(i), byIndex.containsKey(i) ? byIndex.get(i) : old.get(rels.get(i)));
    }
    for (String gone : old.keySet()) {
      if (!entries.containsKey(gone)) {
        try {
          Files.deleteIfExists(cacheDir.resolve(gone));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete the stale token file " + cacheDir.resolve(gone), e);
        }
      }
    }
    TokenizedFolder out = new TokenizedFolder(folder, cacheDir, entries, Map.of(), todo.size());
    Map<String, Long> counts = countAll(tok, out, files);
    writeCounts(cacheDir.resolve(COUNTS), counts);
    writeManifest(cacheDir.resolve(MANIFEST), tok.id(), entries);
    return new TokenizedFolder(folder, cacheDir, entries, counts, todo.size());
  }

  private static Map<String, Long> countAll(Tokenizer tok, TokenizedFolder tf, List<Path> files) {
    List<Map<String, Long>> parts = tok.parallel(files.size(), i -> {
      Map<String, Long> m = new HashMap<>();
      for (String t : tf.tokens(files.get(i))) {
        m.merge(t, 1L, Long::sum);
      }
      return m;
    });
    Map<String, Long> total = new HashMap<>();
    parts.forEach(m -> m.forEach((k, v) -> total.merge(k, v, Long::sum)));
    return sortedByCount(total);
  }

  /** Most frequent first, ties by token, so that vocabularies come out the same on every run. */
  static Map<String, Long> sortedByCount(Map<String, Long> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Map<String, Entry> readManifest(Path manifest, String tokenizerId) {
    if (!Files.isRegularFile(manifest)) {
      return Map.of();
    }
    Map<String, Entry> m = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      String head = r.readLine();
      if (head == null || !head.equals(MAGIC + "\t" + FORMAT + "\t" + escape(tokenizerId))) {
        return Map.of(); // another tokenizer or format made it: tokenize everything again
      }
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] c = line.split("\t", -1);
        if (c.length != 5) {
          return Map.of();
        }
        m.put(unescape(c[0]), new Entry(Long.parseLong(c[1]), Long.parseLong(c[2]), Integer.parseInt(c[3]),
            c[4].isEmpty() ? null : unescape(c[4])));
      }
    } catch (IOException | NumberFormatException e) {
      return Map.of(); // a damaged manifest only costs a new tokenization
    }
    return m;
  }

  private static void writeManifest(Path manifest, String tokenizerId, Map<String, Entry> entries) {
    StringBuilder sb = new StringBuilder(MAGIC).append('\t').append(FORMAT).append('\t').append(escape(tokenizerId))
        .append('\n');
    entries.forEach((rel, e) -> sb.append(escape(rel)).append('\t').append(e.size()).append('\t')
        .append(e.modified()).append('\t').append(e.length()).append('\t')
        .append(e.warning() == null ? "" : escape(e.warning())).append('\n'));
    AtomicFiles.write(manifest, os -> os.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static void writeCounts(Path file, Map<String, Long> counts) {
    StringBuilder sb = new StringBuilder();
    counts.forEach((t, c) -> sb.append(escape(t)).append('\t').append(c).append('\n'));
    AtomicFiles.write(file, os -> os.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static Map<String, Long> readCounts(Path file) {
    Map<String, Long> m = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        int tab = line.lastIndexOf('\t');
        m.put(unescape(line.substring(0, tab)), Long.parseLong(line.substring(tab + 1)));
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the token counts " + file + " are damaged (" + e.getMessage()
          + "); delete " + file.getParent() + " to tokenize again", e);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  static String escape(String s) {
    if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(switch (n) {
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'r' -> '\r';
          case 's' -> ' ';
          default -> n;
        });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
