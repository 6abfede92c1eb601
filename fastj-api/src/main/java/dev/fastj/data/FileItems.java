package dev.fastj.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * fastai's {@code get_files}: the files under a folder that a predicate accepts, recursively,
 * sorted by path so every run sees the same order; hidden files and folders (starting with a dot)
 * are left out. {@code ImageFiles.get} and {@code TextFiles.get} are this with their extensions.
 */
public final class FileItems {

  private FileItems() {}

  /**
   * The accepted files under the given sub-folders of {@code path} only (fastai's {@code folders=}),
   * or under all of it when {@code folders} is empty. Fails when {@code path} or a named folder is
   * missing or holds no accepted file ({@code what} names them in the message: "images"); warns
   * about class folders without one, on the logger named after {@code logAs} (the public lister).
   */
  public static List<Path> get(Path path, List<String> folders, Predicate<Path> accept, String what,
      Class<?> logAs) {
    System.Logger log = System.getLogger(logAs.getName());
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException("no such folder: " + path + "; check the data path");
    }
    List<Path> out = new ArrayList<>();
    if (folders.isEmpty()) {
      walk(path, out, accept, what, log);
    } else {
      for (String f : folders) {
        Path dir = path.resolve(f);
        if (!Files.isDirectory(dir)) {
          throw new IllegalArgumentException("no folder '" + f + "' in " + path);
        }
        int before = out.size();
        walk(dir, out, accept, what, log);
        if (out.size() == before) {
          throw new IllegalArgumentException("folder '" + f + "' in " + path + " holds no " + what);
        }
      }
    }
    out.sort(null);
    return out;
  }

  private static void walk(Path dir, List<Path> out, Predicate<Path> accept, String what, System.Logger log) {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    List<Path> emptyLeaves = new ArrayList<>();
    boolean siblingsHaveFiles = false;
    for (Path c : children) {
      if (Files.isDirectory(c)) {
        int before = out.size();
        walk(c, out, accept, what, log);
        if (out.size() == before && isLeaf(c)) {
          emptyLeaves.add(c);
        } else if (out.size() > before) {
          siblingsHaveFiles = true;
        }
      } else if (accept.test(c)) {
        out.add(c);
      }
    }
    if (siblingsHaveFiles) {
      for (Path e : emptyLeaves) {
        log.log(System.Logger.Level.WARNING, "class folder " + e + " holds no " + what + "; its class will be missing");
      }
    }
  }

  private static boolean isLeaf(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.noneMatch(Files::isDirectory);
    } catch (IOException e) {
      return true;
    }
  }
}
