package dev.fastj.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplittersTest {

  private static final List<Integer> HUNDRED = IntStream.range(0, 100).boxed().toList();

  @Test
  void random_putsFloorOfPctInValidation_disjointAndComplete() {
    Split s = Splitters.random(0.2, 42).split(HUNDRED);
    assertThat(s.valid()).hasSize(20);
    assertThat(s.train()).hasSize(80);
    int[] all = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.valid())).sorted().toArray();
    assertThat(all).containsExactly(IntStream.range(0, 100).toArray());
  }

  @Test
  void random_sameSeedSameSplit_otherSeedOtherSplit() {
    Split a = Splitters.random(0.2, 42).split(HUNDRED);
    Split b = Splitters.random(0.2, 42).split(HUNDRED);
    Split c = Splitters.random(0.2, 7).split(HUNDRED);
    assertThat(a).isEqualTo(b);
    assertThat(a.valid()).isNotEqualTo(c.valid());
  }

  @Test
  void random_rejectsPctOutsideUnitInterval() {
    assertThatThrownBy(() -> Splitters.random(1.5, 1)).hasMessageContaining("1.5");
  }

  @Test
  void grandparent_splitsByFolderAndLeavesOthersOut() {
    List<Path> items = List.of(Path.of("d/train/cat/1.png"), Path.of("d/valid/cat/2.png"), Path.of("d/test/cat/3.png"),
        Path.of("d/train/dog/4.png"));
    Split s = Splitters.grandparent().split(items);
    assertThat(s.train()).containsExactly(0, 3);
    assertThat(s.valid()).containsExactly(1);
  }

  @Test
  void grandparent_namesTheMissingFolder() {
    assertThatThrownBy(() -> Splitters.grandparent("train", "val").split(List.of(Path.of("d/train/a/1.png"))))
        .hasMessageContaining("'val'");
  }

  @Test
  void byFunction_validWhereTrue() {
    Split s = Splitters.<Integer>byFunction(i -> i % 10 == 0).split(HUNDRED);
    assertThat(s.valid()).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);
    assertThat(s.train()).hasSize(90);
  }

  @Test
  void byIndex_validAtIndices_andRejectsOutOfRange() {
    Split s = Splitters.byIndex(List.of(3, 1)).split(List.of("a", "b", "c", "d"));
    assertThat(s.valid()).containsExactly(1, 3);
    assertThat(s.train()).containsExactly(0, 2);
    assertThatThrownBy(() -> Splitters.byIndex(List.of(9)).split(List.of("a"))).hasMessageContaining("9");
  }

  @Test
  void byColumn_readsBooleanColumn_andNamesBadValue() {
    Map<String, Integer> cols = Map.of("name", 0, "is_valid", 1);
    List<CsvRow> rows = List.of(new CsvRow(2, cols, List.of("a", "False")), new CsvRow(3, cols, List.of("b", "True")),
        new CsvRow(4, cols, List.of("c", "1")));
    Split s = Splitters.byColumn("is_valid").split(rows);
    assertThat(s.valid()).containsExactly(1, 2);
    assertThat(s.train()).containsExactly(0);
    List<CsvRow> bad = List.of(new CsvRow(2, cols, List.of("a", "maybe")));
    assertThatThrownBy(() -> Splitters.byColumn("is_valid").split(bad)).hasMessageContaining("maybe")
        .hasMessageContaining("row 2");
  }

  @Test
  void byFile_validWhenNameListed(@TempDir Path dir) throws Exception {
    Path list = dir.resolve("valid.txt");
    Files.writeString(list, "b.png\nd.png\n\n");
    List<Path> items = List.of(dir.resolve("a.png"), dir.resolve("b.png"), dir.resolve("c.png"), dir.resolve("d.png"));
    Split s = Splitters.byFile(list).split(items);
    assertThat(s.valid()).containsExactly(1, 3);
    assertThat(s.train()).containsExactly(0, 2);
  }

  @Test
  void split_checkedRejectsOverlap() {
    assertThatThrownBy(() -> new Split(new int[] {0, 1}, new int[] {1}).checked(2)).hasMessageContaining("item 1");
  }
}
