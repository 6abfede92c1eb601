package dev.fastj.vision.image;

import java.nio.file.Path;

/**
 * An image file could not be read or decoded. Unchecked; the message names the file. Data loaders
 * catch it to skip bad files (or stop) as {@code DataLoaderOptions.onBadItem} asks.
 */
public class ImageReadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** A failure reading {@code file}: {@code reason} says why. */
  public ImageReadException(Path file, String reason, Throwable cause) {
    super("cannot read image " + file + ": " + reason, cause);
    this.file = file;
  }

  /** The file that failed. */
  public Path file() {
    return file;
  }
}
