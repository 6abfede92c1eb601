package dev.fastj.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextReaderTest {

  @TempDir
  Path tmp;

  @Test
  void latin1File_isReadWithReplacementAndSaysSoNamingTheFile() throws IOException {
    Path f = tmp.resolve("latin.txt");
    Files.write(f, "caf\u00e9 cr\u00e8me".getBytes(StandardCharsets.ISO_8859_1));
    TextReader.Text t = TextReader.read(f, 1000);
    assertThat(t.text()).isEqualTo("caf\ufffd cr\ufffdme");
    assertThat(t.warning()).contains(f.toString()).contains("not valid UTF-8").contains("U+FFFD");
    assertThat(Tokenizer.create().tokenizeFile(f)).containsExactly("xxbos", "caf", "\ufffd", "cr", "\ufffd", "me");
  }

  @Test
  void cleanUtf8_hasNoWarning() throws IOException {
    Path f = tmp.resolve("utf8.txt");
    Files.writeString(f, "caf\u00e9 \u65e5\u672c");
    assertThat(TextReader.read(f, 1000)).isEqualTo(new TextReader.Text("caf\u00e9 \u65e5\u672c", null));
  }

  @Test
  void emptyFile_isJustBos() throws IOException {
    Path f = Files.createFile(tmp.resolve("empty.txt"));
    assertThat(TextReader.read(f, 1000).warning()).isNull();
    assertThat(Tokenizer.create().tokenizeFile(f)).containsExactly("xxbos");
  }

  @Test
  void binaryJunk_isReadAsEmptyWithAWarning() throws IOException {
    Path f = tmp.resolve("junk.txt");
    byte[] b = new byte[4096];
    new java.util.Random(1).nextBytes(b);
    b[100] = 0;
    Files.write(f, b);
    TextReader.Text t = TextReader.read(f, 1000);
    assertThat(t.text()).isEmpty();
    assertThat(t.warning()).contains(f.toString()).contains("looks binary").contains("offset");
  }

  @Test
  void tenMegabyteMessage_isCutAtMaxCharsAndSaysSo() throws IOException {
    Path f = tmp.resolve("big.txt");
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 10_000_000) {
      sb.append("Spam offer number ").append(sb.length()).append(" is here.\n");
    }
    Files.writeString(f, sb);
    Tokenizer tok = Tokenizer.create();
    TextReader.Text t = TextReader.read(f, tok.maxChars());
    assertThat(t.text()).hasSize(Tokenizer.DEFAULT_MAX_CHARS);
    assertThat(t.warning()).contains(f.toString()).contains("more than the tokenizer's maxChars 1000000")
        .contains("withMaxChars");
    assertThat(tok.tokenizeFile(f)).hasSizeGreaterThan(100_000).startsWith("xxbos", "xxmaj", "spam", "offer");
  }
}
