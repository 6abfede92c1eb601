package dev.fastj.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * fastai's {@code get_text_files}: the {@code .txt} files under a folder, recursively, sorted by
 * path so that every run sees the same order. Hidden files and folders (starting with a dot) are
 * left out.
 */
public final class TextFiles {

  private TextFiles() {}

  /** Every {@code .txt} file under {@code path}. */
  public static List<Path> get(Path path) {
    return get(path, List.of());
  }

  /**
   * The {@code .txt} files under the given sub-folders of {@code path} only (fastai's
   * {@code folders=}), or under all of it when {@code folders} is empty. Fails, naming the folder,
   * when {@code path} or a named folder is missing or holds no text file.
   */
  public static List<Path> get(Path path, List<String> folders) {
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException("no such folder: " + path + "; check the data path");
    }
    List<Path> out = new ArrayList<>();
    if (folders.isEmpty()) {
      walk(path, out);
    } else {
      for (String f : folders) {
        Path dir = path.resolve(f);
        if (!Files.isDirectory(dir)) {
          throw new IllegalArgumentException("no folder '" + f + "' in " + path);
        }
        int before = out.size();
        walk(dir, out);
        if (out.size() == before) {
          throw new IllegalArgumentException("folder '" + f + "' in " + path + " holds no .txt files");
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(path + " holds no .txt files; text files need the .txt extension");
    }
    out.sort(null);
    return out;
  }

  /** {@link #get(Path, List)} with the folders as arguments. */
  public static List<Path> get(Path path, String... folders) {
    return get(path, List.of(folders));
  }

  /** True when the file name ends with {@code .txt}, in any case. */
  public static boolean isText(Path p) {
    return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt");
  }

  private static void walk(Path dir, List<Path> out) {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    for (Path c : children) {
      if (Files.isDirectory(c)) {
        walk(c, out);
      } else if (isText(c) && Files.isRegularFile(c)) {
        out.add(c);
      }
    }
  }
}
