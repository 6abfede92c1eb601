package dev.fastj.samples.clean;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The cleaner's record of what it moved, {@code DIR/.fastj-trash/journal.json}: every apply with
 * its moves, each move's paths relative to DIR and its state. It is written (to a temporary file,
 * then renamed over the old one) before each move and after it, so that after a crash the
 * journal says which moves were planned, which were done, and the files on disk tell the rest:
 * an interrupted apply can be finished or undone.
 *
 * <pre>{@code
 * {"applies": [{"id": 1, "state": "done", "moves": [
 *    {"action": "move", "from": "train/Bag/17.png", "to": "train/Sneaker/17.png", "label": "Sneaker", "state": "done"},
 *    {"action": "delete", "from": "train/Bag/9.png", "to": ".fastj-trash/train/Bag/9.png", "state": "done"}]}]}
 * }</pre>
 */
final class Journal {

  /** Apply states: {@code applying} (interrupted when found at start), {@code done}, {@code undoing}, {@code undone}. */
  static final String APPLYING = "applying";
  static final String DONE = "done";
  static final String UNDOING = "undoing";
  static final String UNDONE = "undone";
  /** Move states: {@code planned}, {@code done}, {@code undone}. */
  static final String PLANNED = "planned";

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  /** One file moved: {@code action} is {@code move} or {@code delete}; {@code label} the new class of a move. */
  static final class Move {
    public String action;
    public String from;
    public String to;
    public String label;
    public String state = PLANNED;

    Move() {}

    Move(String action, String from, String to, String label) {
      this.action = action;
      this.from = from;
      this.to = to;
      this.label = label;
    }
  }

  /** One {@code POST /api/apply}. */
  static final class Apply {
    public long id;
    public String state = APPLYING;
    public List<Move> moves = new ArrayList<>();
  }

  /** The whole file. */
  static final class Content {
    public List<Apply> applies = new ArrayList<>();
  }

  private final Path file;
  private final Content content;

  private Journal(Path file, Content content) {
    this.file = file;
    this.content = content;
  }

  /** Reads the journal at {@code file}, or an empty one when there is none yet. */
  static Journal read(Path file) {
    if (!Files.exists(file)) {
      return new Journal(file, new Content());
    }
    try {
      return new Journal(file, MAPPER.readValue(file.toFile(), Content.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cleaner's journal " + file + ": " + e.getMessage()
          + "; it records how to undo past applies, so fix or move it by hand", e);
    }
  }

  List<Apply> applies() {
    return content.applies;
  }

  /** Starts a new apply (not yet written). */
  Apply begin() {
    Apply a = new Apply();
    a.id = content.applies.stream().mapToLong(x -> x.id).max().orElse(0) + 1;
    content.applies.add(a);
    return a;
  }

  /** The last apply that is not undone (done, or interrupted while applying or undoing), or null. */
  Apply last() {
    for (int i = content.applies.size() - 1; i >= 0; i--) {
      if (!content.applies.get(i).state.equals(UNDONE)) {
        return content.applies.get(i);
      }
    }
    return null;
  }

  /** Writes the journal atomically: a temporary file beside it, then a rename over it. */
  void write() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "journal", ".tmp");
      try {
        MAPPER.writeValue(tmp.toFile(), content);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cleaner's journal " + file + ": " + e.getMessage()
          + "; nothing more is moved until it can be written", e);
    }
  }
}
