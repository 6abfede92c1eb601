package dev.fastj.samples.clean;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The cleaner's changes on disk, which never lose or overwrite a file: a delete moves the file to
 * {@code DIR/.fastj-trash/} under its path relative to DIR, a move goes to the sibling class
 * folder (so it keeps its split folder), a name already taken gets a suffix ({@code 17-1.png}).
 * Each apply is recorded in the {@link Journal}, written before each move and after it, so that
 * {@link #recover} can finish an interrupted apply and {@link #undo} can reverse the last one.
 */
final class FileMoves {

  /** The folder, inside the data folder, of deleted files and the journal. */
  static final String TRASH = ".fastj-trash";

  private final Path dir;
  private final Path journalFile;

  FileMoves(Path dir) {
    this.dir = dir;
    this.journalFile = dir.resolve(TRASH).resolve("journal.json");
  }

  /** The id of a file: its path relative to the data folder, with '/' between names. */
  static String id(Path dir, Path file) {
    return dir.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  /** Carries out the choices; see {@link Cleaner#apply}. {@code known} are the ids of the listed items. */
  List<Map<String, Object>> apply(List<Cleaner.Choice> choices, List<String> classes, Set<String> known) {
    Journal journal = Journal.read(journalFile);
    List<Map<String, Object>> results = new ArrayList<>();
    List<Journal.Move> planned = new ArrayList<>();
    Set<Path> taken = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (Cleaner.Choice c : choices) {
      checkArgument(c != null && c.id() != null && c.action() != null, "each choice needs an id and an action "
          + "(keep, delete or move), got %s", c);
      checkArgument(seen.add(c.id()), "item '%s' is chosen twice; give one choice per item", c.id());
      checkArgument(List.of("keep", "delete", "move").contains(c.action()), "action '%s' of item '%s' is not keep, "
          + "delete or move", c.action(), c.id());
      if (c.action().equals("move")) {
        checkArgument(c.label() != null && classes.contains(c.label()), "item '%s' is moved to '%s', which is not a "
            + "class; the classes are %s", c.id(), c.label(), classes);
      }
      Path from = resolve(c.id());
      if (!Files.exists(from)) {
        Journal.Move past = lastMoveFrom(journal, c.id());
        checkArgument(past != null, "no item '%s' in %s; GET /api/items lists them", c.id(), dir);
        boolean same = past.action.equals(c.action()) && (c.action().equals("delete") || c.label().equals(past.label));
        checkArgument(same, "item '%s' was already %s to %s; undo that apply first to %s it", c.id(),
            past.action.equals("delete") ? "deleted" : "moved", past.to, c.action());
        results.add(result(c, "already done", past.from, past.to, false));
        continue;
      }
      checkArgument(known.contains(c.id()), "item '%s' is not one of the images being cleaned; GET /api/items lists "
          + "them", c.id());
      String label = from.getParent().getFileName().toString();
      if (c.action().equals("keep") || (c.action().equals("move") && c.label().equals(label))) {
        results.add(result(c, c.action().equals("keep") ? "kept" : "unchanged", c.id(), c.id(), false));
        continue;
      }
      Path target = c.action().equals("delete") ? dir.resolve(TRASH).resolve(c.id())
          : from.getParent().resolveSibling(c.label()).resolve(from.getFileName());
      target = free(target, taken);
      taken.add(target);
      Journal.Move m = new Journal.Move(c.action(), c.id(), id(dir, target), c.action().equals("move") ? c.label() : null);
      planned.add(m);
      results.add(result(c, c.action().equals("delete") ? "deleted" : "moved", m.from, m.to, true));
    }
    if (planned.isEmpty()) {
      return results;
    }
    Journal.Apply a = journal.begin();
    a.moves.addAll(planned);
    journal.write();
    for (Journal.Move m : a.moves) {
      move(resolve(m.from), resolve(m.to));
      m.state = Journal.DONE;
      journal.write();
    }
    a.state = Journal.DONE;
    journal.write();
    for (Map<String, Object> r : results) {
      r.putIfAbsent("apply", a.id);
    }
    return results;
  }

  /** Undoes the last apply that is not undone; returns each file restored. */
  List<Map<String, Object>> undo() {
    Journal journal = Journal.read(journalFile);
    Journal.Apply a = journal.last();
    checkArgument(a != null, "nothing to undo in %s: no apply is recorded in %s", dir, journalFile);
    a.state = Journal.UNDOING;
    journal.write();
    List<Map<String, Object>> results = new ArrayList<>();
    Set<Path> taken = new HashSet<>();
    for (int i = a.moves.size() - 1; i >= 0; i--) {
      Journal.Move m = a.moves.get(i);
      Path from = resolve(m.from);
      Path to = resolve(m.to);
      // a planned move may have happened just before a crash: the file is at its target, not its source
      boolean moved = m.state.equals(Journal.DONE) || (m.state.equals(Journal.PLANNED) && !Files.exists(from));
      if (moved && Files.exists(to)) {
        // a file that took the old name meanwhile is not overwritten: the restored one gets a suffix
        Path back = free(from, taken);
        taken.add(back);
        move(to, back);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id(dir, back));
        r.put("result", "restored");
        r.put("from", m.to);
        r.put("to", id(dir, back));
        r.put("changed", true);
        results.add(r);
      }
      m.state = Journal.UNDONE;
      journal.write();
    }
    a.state = Journal.UNDONE;
    journal.write();
    return results;
  }

  /** Finishes an apply interrupted while applying (or an undo interrupted while undoing). */
  void recover(Consumer<String> log) {
    Journal journal = Journal.read(journalFile);
    Journal.Apply a = journal.last();
    if (a == null || a.state.equals(Journal.DONE)) {
      return;
    }
    if (a.state.equals(Journal.UNDOING)) {
      log.accept("clean: apply " + a.id + " was being undone when the cleaner stopped; finishing the undo");
      undo();
      return;
    }
    log.accept("clean: apply " + a.id + " was interrupted; finishing it (./fastj clean --undo " + dir
        + " reverses it)");
    for (Journal.Move m : a.moves) {
      if (!m.state.equals(Journal.PLANNED)) {
        continue;
      }
      Path from = resolve(m.from);
      Path to = resolve(m.to);
      if (Files.exists(from) && !Files.exists(to)) {
        move(from, to);
      } else if (Files.exists(from)) {
        throw new IllegalStateException("cannot finish apply " + a.id + ": both " + from + " and " + to + " exist; "
            + "move one away by hand, then start the cleaner again");
      }
      m.state = Journal.DONE;
      journal.write();
    }
    a.state = Journal.DONE;
    journal.write();
  }

  /** The newest move recorded from {@code id} whose apply is not undone. */
  private static Journal.Move lastMoveFrom(Journal journal, String id) {
    Journal.Move found = null;
    for (Journal.Apply a : journal.applies()) {
      if (a.state.equals(Journal.UNDONE)) {
        continue;
      }
      for (Journal.Move m : a.moves) {
        if (m.from.equals(id) && m.state.equals(Journal.DONE)) {
          found = m;
        }
      }
    }
    return found;
  }

  private Path resolve(String id) {
    Path p = dir.resolve(id).normalize();
    checkArgument(p.startsWith(dir) && !p.equals(dir), "item '%s' is outside %s", id, dir);
    return p;
  }

  /** {@code target}, or the first of name-1.ext, name-2.ext... that neither exists nor is taken. */
  static Path free(Path target, Set<Path> taken) {
    if (!Files.exists(target) && !taken.contains(target)) {
      return target;
    }
    String name = target.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int i = 1; ; i++) {
      Path p = target.resolveSibling(stem + "-" + i + ext);
      if (!Files.exists(p) && !taken.contains(p)) {
        return p;
      }
    }
  }

  /** Moves a file that must not overwrite anything (a rename within the folder's file system). */
  private static void move(Path from, Path to) {
    if (Files.exists(to)) {
      throw new IllegalStateException("will not overwrite " + to + " (moving " + from + " there); move it away by "
          + "hand, then apply again");
    }
    try {
      Files.createDirectories(to.getParent());
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + from + " to " + to + ": " + e.getMessage()
          + "; the journal records what was done, so ./fastj clean --undo can reverse it", e);
    }
  }

  private static Map<String, Object> result(Cleaner.Choice c, String result, String from, String to, boolean changed) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", c.id());
    r.put("action", c.action());
    if (c.label() != null) {
      r.put("label", c.label());
    }
    r.put("result", result);
    r.put("from", from);
    r.put("to", to);
    r.put("changed", changed);
    return r;
  }
}
