package dev.fastj.samples.clean;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An apply interrupted between moves is finished at the next start, or undone, from its journal. */
class FileMovesTest {

  /** train/a/1.png and train/a/2.png, and a journal of an apply that moved 1 and crashed before moving 2. */
  static Path interrupted(Path dir, boolean recordedFirst) throws Exception {
    Files.createDirectories(dir.resolve("train/a"));
    Files.createDirectories(dir.resolve("train/b"));
    Files.writeString(dir.resolve("train/b/1.png"), "one");
    Files.writeString(dir.resolve("train/a/2.png"), "two");
    Journal j = Journal.read(dir.resolve(".fastj-trash/journal.json"));
    Journal.Apply a = j.begin();
    Journal.Move first = new Journal.Move("move", "train/a/1.png", "train/b/1.png", "b");
    first.state = recordedFirst ? Journal.DONE : Journal.PLANNED;
    a.moves.add(first);
    a.moves.add(new Journal.Move("delete", "train/a/2.png", ".fastj-trash/train/a/2.png", null));
    j.write();
    return dir;
  }

  @Test
  void recover_finishesTheInterruptedApply(@TempDir Path dir) throws Exception {
    interrupted(dir, false);
    List<String> log = new ArrayList<>();
    new FileMoves(dir).recover(log::add);
    assertThat(log).singleElement().asString().contains("apply 1 was interrupted; finishing it");
    assertThat(dir.resolve("train/b/1.png")).hasContent("one");
    assertThat(dir.resolve(".fastj-trash/train/a/2.png")).hasContent("two");
    assertThat(dir.resolve("train/a/2.png")).doesNotExist();
    Journal j = Journal.read(dir.resolve(".fastj-trash/journal.json"));
    assertThat(j.applies().get(0).state).isEqualTo(Journal.DONE);
    assertThat(j.applies().get(0).moves).extracting(m -> m.state).containsOnly(Journal.DONE);
  }

  @Test
  void undo_ofAnInterruptedApply_restoresWhatItHadMoved(@TempDir Path dir) throws Exception {
    for (boolean recorded : new boolean[] {true, false}) {
      Path d = Files.createDirectories(dir.resolve("case-" + recorded));
      interrupted(d, recorded);
      var restored = new FileMoves(d).undo();
      assertThat(restored).singleElement().satisfies(r -> assertThat(r).containsEntry("to", "train/a/1.png"));
      assertThat(d.resolve("train/a/1.png")).hasContent("one");
      assertThat(d.resolve("train/a/2.png")).hasContent("two");
      assertThat(d.resolve("train/b/1.png")).doesNotExist();
    }
  }

  @Test
  void undo_neverOverwritesAFileThatTookTheOldName(@TempDir Path dir) throws Exception {
    interrupted(dir, true);
    Files.writeString(dir.resolve("train/a/1.png"), "newcomer");
    new FileMoves(dir).undo();
    assertThat(dir.resolve("train/a/1.png")).hasContent("newcomer");
    assertThat(dir.resolve("train/a/1-1.png")).hasContent("one");
  }

  @Test
  void free_addsTheFirstUnusedSuffix(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("x.png"), "");
    Files.writeString(dir.resolve("x-1.png"), "");
    assertThat(FileMoves.free(dir.resolve("x.png"), Set.of(dir.resolve("x-2.png")))).isEqualTo(dir.resolve("x-3.png"));
    assertThat(FileMoves.free(dir.resolve("y.png"), Set.of())).isEqualTo(dir.resolve("y.png"));
  }
}
