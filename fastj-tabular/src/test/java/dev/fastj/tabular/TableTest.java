package dev.fastj.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.Csv;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  static Table table(String csv) {
    return table(csv, Table.Options.defaults());
  }

  static Table table(String csv, Table.Options o) {
    return Table.of(Csv.parse(csv, "t.csv", o.csv()), "t.csv", o);
  }

  @Test
  void missingValues_defaultSetAndTrimmedCells() {
    Table t = table("a,b,c\n1, NA ,x\n?,2,\n3,n/a,\"  \"\n");
    assertThat(t.get(0, "b")).isNull();
    assertThat(t.get(1, "a")).isNull();
    assertThat(t.get(1, "c")).isNull();
    assertThat(t.get(2, "c")).isNull();
    assertThat(t.get(0, "c")).isEqualTo("x");
  }

  @Test
  void missingValues_areConfigurable() {
    Table t = table("a,b\n-,NA\n1,2\n", Table.Options.defaults().withNaValues("-"));
    assertThat(t.get(0, "a")).isNull();
    assertThat(t.get(0, "b")).isEqualTo("NA");
    assertThat(t.type("a")).isEqualTo(ColumnType.FLOAT);
    assertThat(t.type("b")).isEqualTo(ColumnType.TEXT);
  }

  @Test
  void types_followPandas() {
    Table t = table("i,im,f,s,mixed,e\n1,1,1.5,a,1,\n2,,2e3,b,x,\n-3,3,.5,c,2,\n");
    assertThat(t.type("i")).isEqualTo(ColumnType.INTEGER);
    assertThat(t.type("im")).as("integers with a missing cell read as floats").isEqualTo(ColumnType.FLOAT);
    assertThat(t.type("f")).isEqualTo(ColumnType.FLOAT);
    assertThat(t.type("s")).isEqualTo(ColumnType.TEXT);
    assertThat(t.type("mixed")).isEqualTo(ColumnType.TEXT);
    assertThat(t.type("e")).isEqualTo(ColumnType.EMPTY);
    assertThat(Table.isNumber("NaN")).isFalse();
    assertThat(Table.isNumber("1d")).isFalse();
    assertThat(Table.isNumber("0x10")).isFalse();
  }

  @Test
  void contCatSplit_asFastai() {
    StringBuilder csv = new StringBuilder("few,many,f,s,y\n");
    for (int i = 0; i < 30; i++) {
      csv.append(i % 3).append(',').append(i).append(',').append(i * 0.5).append(",s").append(i % 2).append(",1\n");
    }
    ContCatSplit s = ContCatSplit.of(table(csv.toString()), List.of("y"));
    assertThat(s.contNames()).containsExactly("many", "f");
    assertThat(s.catNames()).containsExactly("few", "s");
    assertThat(ContCatSplit.of(table(csv.toString()), 50, List.of("y")).contNames()).containsExactly("f");
    assertThatThrownBy(() -> ContCatSplit.of(table(csv.toString()), List.of("nope")))
        .hasMessageContaining("no column 'nope'");
  }

  @Test
  void titanic_isShippedWithItsLicence() {
    java.nio.file.Path csv = TabularDatasets.titanic();
    Table t = Table.read(csv);
    assertThat(t.rowCount()).isEqualTo(1309);
    assertThat(t.names()).contains("survived", "age", "is_valid");
    assertThat(csv.resolveSibling("COPYRIGHT")).exists();
    int valid = 0;
    int missingAge = 0;
    for (int r = 0; r < t.rowCount(); r++) {
      valid += "1".equals(t.get(r, "is_valid")) ? 1 : 0;
      missingAge += t.get(r, "age") == null ? 1 : 0;
    }
    assertThat(valid).isEqualTo(262);
    assertThat(missingAge).isEqualTo(263);
  }
}
