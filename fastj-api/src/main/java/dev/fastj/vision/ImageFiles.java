package dev.fastj.vision;

import dev.fastj.data.FileItems;
import dev.fastj.vision.image.Images;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * fastai's {@code get_image_files}: the image files under a folder, recursively, sorted by path so
 * every run sees the same order. Hidden files and folders (starting with a dot) are left out.
 */
public final class ImageFiles {

  /** Extensions taken as images, lower case: those {@link Images#read} decodes. */
  public static final Set<String> EXTENSIONS = Set.copyOf(Images.EXTENSIONS);

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
    return FileItems.get(path, folders, ImageFiles::isImage, "images", ImageFiles.class);
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
}
