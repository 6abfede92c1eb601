package dev.fastj.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GettersTest {

  @Test
  void parentLabel_isFolderName() {
    assertThat(Labels.parentLabel().apply(Path.of("data/train/cat/1.png"))).isEqualTo("cat");
  }

  @Test
  void regex_takesFirstGroupOfFileName() {
    assertThat(Labels.regex("^(.*)_\\d+\\.jpg$").apply(Path.of("/pets/great_pyrenees_173.jpg")))
        .isEqualTo("great_pyrenees");
  }

  @Test
  void regex_noMatch_namesPatternAndName() {
    assertThatThrownBy(() -> Labels.regex("^(\\d+)").apply(Path.of("x/abc.jpg")))
        .hasMessageContaining("abc.jpg").hasMessageContaining("^(\\d+)");
  }

  @Test
  void csv_parsesQuotesAndCommas(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.csv");
    Files.writeString(f, "name,tags\n\"a,1.jpg\",\"x \"\"y\"\"\"\nb.jpg,z w\r\n");
    List<CsvRow> rows = Csv.rows(f);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("name")).isEqualTo("a,1.jpg");
    assertThat(rows.get(0).get("tags")).isEqualTo("x \"y\"");
    assertThat(rows.get(1).get("tags")).isEqualTo("z w");
    assertThat(rows.get(1).line()).isEqualTo(3);
  }

  @Test
  void colReader_prefixSuffixAndDelimiter(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.csv");
    Files.writeString(f, "image_name,tags\nimg1,haze primary\nimg2,\n");
    List<CsvRow> rows = Csv.rows(f);
    assertThat(ColReader.of("image_name").withPrefix(dir.resolve("train")).withSuffix(".jpg").apply(rows.get(0)))
        .isEqualTo(dir.resolve("train").resolve("img1.jpg"));
    assertThat(ColReader.of("image_name").withPrefix("p_").apply(rows.get(0))).isEqualTo("p_img1");
    assertThat(ColReader.of(1).apply(rows.get(0))).isEqualTo("haze primary");
    assertThat(ColReader.of("tags").withLabelDelim(" ").apply(rows.get(0))).isEqualTo(List.of("haze", "primary"));
    assertThat(ColReader.of("tags").withLabelDelim(" ").apply(rows.get(1))).isEqualTo(List.of());
  }

  @Test
  void colReader_rowWithoutLabel_namesRowAndColumn(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.csv");
    Files.writeString(f, "name,label\nb.jpg,\n");
    assertThatThrownBy(() -> ColReader.of("label").apply(Csv.rows(f).get(0))).hasMessageContaining("row 2")
        .hasMessageContaining("'label'");
  }

  @Test
  void csvRow_unknownColumn_listsColumns() {
    CsvRow r = new CsvRow(2, java.util.Map.of("a", 0), List.of("1"));
    assertThatThrownBy(() -> r.get("b")).hasMessageContaining("'b'").hasMessageContaining("[a]");
  }
}
