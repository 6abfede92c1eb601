package dev.fastj.vision.image;

import java.nio.file.Path;

/**
 * An image file could not be decoded: it is missing, unreadable, truncated, corrupt or in a
 * format fastj does not read. The message names the file and what to do; {@link #file()}
 * gives it to code that skips bad items.
 */
public class ImageReadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** An error about {@code file} with a message that already names it. */
  public ImageReadException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  /** The file that failed, or {@code null} when the image came from memory. */
  public Path file() {
    return file;
  }
}
