package dev.fastj.text;

import dev.fastj.data.FileItems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

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
    List<Path> out = FileItems.get(path, folders, TextFiles::isText, ".txt files", TextFiles.class);
    if (out.isEmpty()) {
      throw new IllegalArgumentException(path + " holds no .txt files; text files need the .txt extension");
    }
    return out;
  }

  /** {@link #get(Path, List)} with the folders as arguments. */
  public static List<Path> get(Path path, String... folders) {
    return get(path, List.of(folders));
  }

  /** True when {@code p} is a regular file whose name ends with {@code .txt}, in any case. */
  public static boolean isText(Path p) {
    return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt") && Files.isRegularFile(p);
  }
}
