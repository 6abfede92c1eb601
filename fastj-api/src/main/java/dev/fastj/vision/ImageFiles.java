package dev.fastj.vision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * fastai's {@code get_image_files}: the image files under a folder, recursively, sorted by path so
 * every run sees the same order. Hidden files and folders (starting with a dot) are left out.
 */
public final class ImageFiles {

  private static final System.Logger LOG = System.getLogger(ImageFiles.class.getName());

  /** Extensions taken as images, lower case (fastai's {@code image_extensions}, the common ones). */
  public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "jpe", "png", "bmp", "gif", "webp", "tif", "tiff");

  private ImageFiles() {}

  /** Every image file under {@code path}. */
  public static List<Path> get(Path path) {
    return get(path, List.of());
  }

  /**
   * The image files under the given sub-folders of {@code path} only (fastai's {@code folders=}),
   * or under all of it when {@code folders} is empty. Fails when {@code path} or a named folder is
   * missing or holds no image; warns about class folders without images.
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
          throw new IllegalArgumentException("folder '" + f + "' in " + path + " holds no images");
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** {@link #get(Path, List)} with folders as arguments. */
  public static List<Path> get(Path path, String... folders) {
    return get(path, List.of(folders));
  }

  /** True when the file name ends with one of {@link #EXTENSIONS}. */
  public static boolean isImage(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static void walk(Path dir, List<Path> out) {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    List<Path> emptyLeaves = new ArrayList<>();
    boolean siblingsHaveImages = false;
    for (Path c : children) {
      if (Files.isDirectory(c)) {
        int before = out.size();
        walk(c, out);
        boolean leaf = isLeaf(c);
        if (out.size() == before && leaf) {
          emptyLeaves.add(c);
        } else if (out.size() > before) {
          siblingsHaveImages = true;
        }
      } else if (isImage(c)) {
        out.add(c);
      }
    }
    if (siblingsHaveImages) {
      for (Path e : emptyLeaves) {
        LOG.log(System.Logger.Level.WARNING, "class folder " + e + " holds no images; its class will be missing");
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
