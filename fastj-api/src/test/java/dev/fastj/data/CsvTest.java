package dev.fastj.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

  private static List<CsvRow> parse(String text) {
    return Csv.parse(text, "t.csv", Csv.Options.defaults());
  }

  @Test
  void quotedCellsSpanLines_andLineNumbersCountPhysicalLines() {
    List<CsvRow> rows = parse("a,b\n1,\"x\ny\"\n2,z\n");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("b")).isEqualTo("x\ny");
    assertThat(rows.get(0).line()).isEqualTo(2);
    assertThat(rows.get(1).line()).isEqualTo(4);
  }

  @Test
  void byteOrderMarkAndSpacesInHeader_areDropped(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bom.csv");
    Files.writeString(f, "\uFEFF a ,b\n1,2\n");
    assertThat(Csv.rows(f).get(0).get("a")).isEqualTo("1");
  }

  @Test
  void trimAndDelimiter_options() {
    List<CsvRow> rows = Csv.parse("a;b\n x ; y\n", "t.csv", Csv.Options.defaults().withDelimiter(';').withTrim(true));
    assertThat(rows.get(0).values()).containsExactly("x", "y");
    assertThat(Csv.parse("a,b\n x , y\n", "t.csv", Csv.Options.defaults()).get(0).values())
        .containsExactly(" x ", " y");
  }

  @Test
  void rowWithTooFewCells_namesLineAndMissingColumn() {
    assertThatThrownBy(() -> parse("name,label,score\na.jpg,cat,1\nb.jpg,dog\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t.csv line 3 has 2 cells but the header has 3 columns")
        .hasMessageContaining("column 3 ('score') is missing");
  }

  @Test
  void rowWithTooManyCells_namesLineAndExtraCell() {
    assertThatThrownBy(() -> parse("a,b\n1,2\n3,4,5\n"))
        .hasMessageContaining("line 3 has 3 cells").hasMessageContaining("cell 3 ('5') has no column");
  }

  @Test
  void unclosedQuote_isReportedWithTheFile() {
    assertThatThrownBy(() -> parse("a,b\n1,\"open\n2,3\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t.csv is malformed")
        .hasMessageContaining("quote");
  }

  @Test
  void emptyFileAndRepeatedColumn_areRefused(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> parse("\n\n")).hasMessageContaining("is empty; it needs a header line");
    assertThatThrownBy(() -> parse("a,b,a\n1,2,3\n")).hasMessageContaining("column 'a' twice (columns 1 and 3)");
    assertThatThrownBy(() -> Csv.rows(dir.resolve("none.csv"))).hasMessageContaining("no csv file at");
  }

  @Test
  void parseLine_readsCellsInHeaderOrder() {
    CsvRow r = Csv.parseLine("3,\"x,y\"", List.of("n", "s"), "input", Csv.Options.defaults());
    assertThat(r.get("s")).isEqualTo("x,y");
    assertThatThrownBy(() -> Csv.parseLine("3", List.of("n", "s"), "input", Csv.Options.defaults()))
        .hasMessageContaining("input line 1 has 1 cell but the header has 2 columns [n, s]");
  }
}
