package dev.fastj.spark;

import dev.fastj.learner.ExportInfo;
import dev.fastj.tabular.TabularRecipe;
import dev.fastj.text.TextRecipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * Where an exported model is, on the driver and on each executor, and what it holds.
 *
 * <p>A model path reaches the executors in one of two ways: shipped once by Spark
 * ({@code spark-submit --files m.fastj} or {@code sparkContext().addFile(path)}, which copy it to
 * every node, where {@link SparkFiles#get} finds it by its file name), or as an absolute path that
 * every executor can read (a shared file system, or the same copy on every node). An absolute path
 * that exists is taken as it is; otherwise the file name is looked up among the files Spark shipped,
 * then relative to the working directory.
 *
 * @param file where the model is in this JVM
 * @param info what the export holds (read from its metadata: no session on the driver)
 * @param sha256 the hex SHA-256 of the file, so that an executor can tell whether its copy is the
 *     file the driver checked
 */
record ModelFile(Path file, ExportInfo info, String sha256) {

  /**
   * Finds the model in this JVM and reads what it holds, for the transformer {@code scorer}.
   *
   * @param expected what {@code scorer} scores with, for the message when the file is not an export
   *     ({@code "the export of an image classifier (learn.export(path) of a VisionLearner)"})
   * @throws IllegalArgumentException naming the path and the places looked at, or saying that the file
   *     is not an export
   */
  static ModelFile read(String modelPath, String scorer, String expected) {
    Path file = locate(modelPath, scorer);
    ExportInfo info;
    try {
      info = ExportInfo.read(file);
    } catch (IllegalArgumentException e) {
      IllegalArgumentException refused = refused(scorer, file, e.getMessage(), expected);
      refused.initCause(e);
      throw refused;
    }
    return new ModelFile(file, info, sha256(file));
  }

  /**
   * Why the transformer for exports of kind {@code wanted} refuses one of kind {@code kind}, naming
   * the transformer that scores it: {@code "it is a text model's export, not an image one (score it
   * with TextClassifier)"}.
   */
  static String otherKind(String kind, String wanted) {
    String scorer = switch (kind) {
      case ExportInfo.IMAGE -> "ImageClassifier";
      case TabularRecipe.KIND -> "TabularPredictor";
      case TextRecipe.KIND -> "TextClassifier";
      default -> null;
    };
    return "it is " + withArticle(kind) + " model's export, not " + withArticle(wanted) + " one"
        + (scorer == null ? "" : " (score it with " + scorer + ")");
  }

  private static String withArticle(String kind) {
    return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
  }

  /** {@code "<scorer> cannot score with <file>: <why>; give it <expected>"}. */
  static IllegalArgumentException refused(String scorer, Path file, String why, String expected) {
    return new IllegalArgumentException(scorer + " cannot score with " + file + ": " + why + "; give it " + expected);
  }

  /** The model file for {@code modelPath} on an executor, whose path the driver checked. */
  static Path locate(String modelPath) {
    return locate(modelPath, "fastj-spark");
  }

  /**
   * The model file for {@code modelPath} in this JVM (driver or executor).
   *
   * @throws IllegalArgumentException when it is nowhere, with each place looked at and how to ship
   *     the file
   */
  static Path locate(String modelPath, String scorer) {
    if (modelPath == null || modelPath.isBlank()) {
      throw new IllegalArgumentException(scorer + " has no model path; call setModelPath(\"m.fastj\") "
          + "with a file exported by learn.export");
    }
    Path given = localPath(modelPath);
    List<Path> tried = new ArrayList<>();
    if (given.isAbsolute()) {
      tried.add(given);
      if (Files.isRegularFile(given)) {
        return given;
      }
    }
    Path shipped = shipped(given.getFileName().toString());
    if (shipped != null) {
      tried.add(shipped);
      if (Files.isRegularFile(shipped)) {
        return shipped;
      }
    }
    if (!given.isAbsolute()) {
      Path relative = given.toAbsolutePath();
      tried.add(relative);
      if (Files.isRegularFile(relative)) {
        return relative;
      }
    }
    throw new IllegalArgumentException("no model file at '" + modelPath + "' (looked at " + tried + " on "
        + host() + "); give a path that every executor can read, or ship the file once with "
        + "spark-submit --files " + given.getFileName() + " (or sparkContext().addFile(path)) and set the model "
        + "path to its file name");
  }

  /** A local file path or a {@code file:} URI as a path; other schemes say how to ship the file instead. */
  static Path localPath(String pathOrUri) {
    int colon = pathOrUri.indexOf(':');
    // a scheme is two letters or more, so that C:\ stays a Windows path
    if (colon > 1 && pathOrUri.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      URI uri = URI.create(pathOrUri);
      if (!"file".equalsIgnoreCase(uri.getScheme())) {
        throw new IllegalArgumentException("'" + pathOrUri + "' is not a local file; fastj-spark reads "
            + "local paths and file: URIs. For a model, ship it with sparkContext().addFile(\"" + pathOrUri
            + "\") and set the model path to its file name; for images, read them with "
            + "spark.read().format(\"binaryFile\") and score the content column");
      }
      return Path.of(uri);
    }
    return Path.of(pathOrUri);
  }

  /** Where Spark put a file shipped under {@code name}, or null outside a running Spark application. */
  private static Path shipped(String name) {
    if (SparkEnv.get() == null) {
      return null;
    }
    return Path.of(SparkFiles.get(name));
  }

  static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this host";
    }
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model file " + file + ": " + e.getMessage()
          + "; check that it is readable", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
