package dev.fastj.spark;

import dev.fastj.learner.Learner;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loaded models of this JVM (an executor's, or the driver's in local mode): one {@link Learner}
 * (one ONNX Runtime session) per model file, shared by every task that scores with it, loaded on the
 * first task and closed at JVM shutdown. A session costs a model's parse and weight packing, and
 * resident memory about its file size: per task it would be paid once per partition, and leaked if
 * never closed.
 *
 * <p>A session is kept per absolute path and thread count asked for, and a file is known by its
 * size and modification time: a new file at the same path (a model retrained between jobs) loads
 * again, and the old session is closed when the last task using it is done. When loading, the file's SHA-256 is compared with the
 * driver's, so that an executor whose copy differs from the file checked on the driver fails instead
 * of scoring with another model.
 */
final class ExecutorModels {

  private static final Map<Key, Entry> CURRENT = new HashMap<>();
  /** Every entry not yet closed, current or retired but still in use. */
  private static final Set<Entry> OPEN = new LinkedHashSet<>();
  private static final Map<Path, AtomicInteger> LOADS = new ConcurrentHashMap<>();
  private static boolean hookAdded;

  private ExecutorModels() {}

  /**
   * A lease on the model at {@code file}, loading it if this JVM has not (or the file changed);
   * close the lease when the partition is scored.
   *
   * @param expectedSha256 the hex SHA-256 the driver computed, or null to skip the comparison
   * @param threads ONNX Runtime's intra-op threads for the session, 0 for its default
   */
  static synchronized Lease acquire(Path file, String expectedSha256, int threads) {
    Path path = file.toAbsolutePath().normalize();
    Key key = new Key(path, threads);
    Stamp stamp = Stamp.of(path);
    Entry e = CURRENT.get(key);
    if (e == null || !e.stamp.equals(stamp)) {
      String sha = ModelFile.sha256(path);
      checkSame(path, sha, expectedSha256);
      // what kind of model it is was checked on the driver, and the SHA-256 says this is that file
      Learner learner = Learner.load(path, Backend.get(), Device.cpu(threads));
      LOADS.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      if (e != null) {
        e.retired = true;
        e.closeIfUnused();
      }
      e = new Entry(stamp, learner, sha);
      CURRENT.put(key, e);
      OPEN.add(e);
      addShutdownHook();
    } else {
      checkSame(path, e.sha256, expectedSha256);
    }
    e.users++;
    return new Lease(e);
  }

  /** How many times this JVM loaded the model at {@code file} (for tests: once per JVM is the contract). */
  static int loads(Path file) {
    AtomicInteger n = LOADS.get(file.toAbsolutePath().normalize());
    return n == null ? 0 : n.get();
  }

  /** How many sessions this JVM holds open. */
  static synchronized int openSessions() {
    return OPEN.size();
  }

  /** Closes every session (the shutdown hook; tests). Leases still held must not be used afterwards. */
  static synchronized void closeAll() {
    for (Entry e : new ArrayList<>(OPEN)) {
      e.close();
    }
    CURRENT.clear();
  }

  private static void checkSame(Path file, String sha, String expected) {
    if (expected != null && !expected.equals(sha)) {
      throw new IllegalStateException("the model file " + file + " on " + ModelFile.host()
          + " is not the file the driver checked (SHA-256 " + sha.substring(0, 12) + "... here, "
          + expected.substring(0, 12) + "... on the driver); copy the same file to every node, or ship it "
          + "once with spark-submit --files");
    }
  }

  private static void addShutdownHook() {
    if (!hookAdded) {
      hookAdded = true;
      Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "fastj-spark-close-models"));
    }
  }

  /** One session per model file and thread count (two classifiers may ask for different counts). */
  private record Key(Path file, int threads) {}

  /** What identifies one version of a model file. */
  private record Stamp(long size, long modified) {

    static Stamp of(Path file) {
      try {
        return new Stamp(Files.size(file), Files.getLastModifiedTime(file).toMillis());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the model file " + file + " on " + ModelFile.host() + ": "
            + e.getMessage() + "; check that every executor can read it", e);
      }
    }
  }

  private static final class Entry {
    final Stamp stamp;
    final Learner learner;
    final String sha256;
    int users;
    boolean retired;
    boolean closed;

    Entry(Stamp stamp, Learner learner, String sha256) {
      this.stamp = stamp;
      this.learner = learner;
      this.sha256 = sha256;
    }

    /** Under the class lock. */
    void closeIfUnused() {
      if (retired && users == 0) {
        close();
      }
    }

    /** Under the class lock. */
    void close() {
      if (!closed) {
        closed = true;
        OPEN.remove(this);
        learner.close();
      }
    }
  }

  /** One task's use of a loaded model; closing it twice is harmless. */
  static final class Lease implements AutoCloseable {
    private final Entry entry;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(Entry entry) {
      this.entry = entry;
    }

    Learner learner() {
      return entry.learner;
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        synchronized (ExecutorModels.class) {
          entry.users--;
          entry.closeIfUnused();
        }
      }
    }
  }
}
