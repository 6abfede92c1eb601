package dev.fastj.internal;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes files so that readers never see a half-written one: into a temporary file in the
 * same folder, then a rename over the target. Internal to fastj.
 */
public final class AtomicFiles {

  /** What writes the content of a file. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the whole content to {@code out}. */
    void write(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Writes {@code file} atomically with what {@code writer} produces; creates parent folders. */
  public static void write(Path file, Writer writer) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      // not Files.createTempFile: it makes the file private (0600) and the rename keeps that
      tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        writer.write(out);
      }
      moveReplacing(tmp, target);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + file + ": " + e.getMessage() + "; check that its folder is writable", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original error matters more than a stale temporary file
        }
      }
    }
  }

  /** Writes {@code image} as a PNG file atomically. */
  public static void writePng(RenderedImage image, Path file) {
    write(file, out -> {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
      // an in-memory stream: ImageIO's default would go through a cache file on disk
      try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
        writer.setOutput(ios);
        writer.write(image);
      } finally {
        writer.dispose();
      }
    });
  }

  /** Renames {@code from} to {@code to}, atomically where the file system can, replacing {@code to}. */
  public static void moveReplacing(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
