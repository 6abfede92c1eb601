package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export's info round-trips every string: class names and recipe values beyond ASCII and Latin-1. */
class ExportFileTest {

  @Test
  void classNamesAndRecipeValuesBeyondLatin1_comeBackAsWritten(@TempDir Path dir) throws Exception {
    Path onnx = Files.writeString(dir.resolve("m.onnx"), "not read");
    List<String> vocab = List.of("\uFFFD", "?", "caf\u00E9", "\u65E5\u672C", "\uD83D\uDE00");
    Map<String, String> input = Map.of(ExportFile.INPUT_KIND, "text", ExportFile.INPUT_PREFIX + "vocab.0", "\uFFFD",
        ExportFile.INPUT_PREFIX + "vocab.1", "\u00FF\u0100");
    ExportFile.Info info = new ExportFile.Info(vocab, new long[] {72}, Activation.SOFTMAX, "CrossEntropyLossFlat()", 5,
        input, null, List.of(dev.fastj.data.InputSpec.of(72)));
    Path file = dir.resolve("m.fastj");
    ExportFile.write(file, onnx, info);
    ExportFile.Info back = ExportFile.read(file, null);
    assertThat(back.vocab()).isEqualTo(vocab);
    assertThat(back.input()).isEqualTo(input);
  }
}
