package dev.fastj.onnx.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtSession;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.runtime.OrtTensors;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxWriterTest {

  @TempDir
  Path dir;

  static Model tiny() {
    GraphBuilder b = new GraphBuilder("tiny");
    b.input("x", DataType.FLOAT, -1, 4);
    String y = b.identityAs(b.op("Relu", "x"), "y");
    b.output(y, DataType.FLOAT, -1, 4);
    return Model.of(b.build()).withMetadata(Map.of("fastj.kind", "test"));
  }

  @Test
  void write_producesFileOrtLoads() throws Exception {
    Path f = dir.resolve("tiny.onnx");
    OnnxWriter.write(tiny(), f);
    assertThat(Files.readAllBytes(f)).isEqualTo(OnnxWriter.toBytes(tiny()));
    try (OrtSession s = OrtTensors.env().createSession(f.toString())) {
      assertThat(s.getInputNames()).containsExactly("x");
      assertThat(s.getOutputNames()).containsExactly("y");
      assertThat(s.getMetadata().getProducerName()).isEqualTo("fastj");
      assertThat(s.getMetadata().getCustomMetadataValue("fastj.kind")).contains("test");
      assertThat(s.getMetadata().getGraphName()).isEqualTo("tiny");
    }
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(f);
    }
  }

  @Test
  void write_replacesExistingFile() throws Exception {
    Path f = dir.resolve("m.onnx");
    Files.writeString(f, "old");
    OnnxWriter.write(tiny(), f);
    assertThat(Files.readAllBytes(f)).isEqualTo(OnnxWriter.toBytes(tiny()));
  }

  @Test
  void write_failure_namesFileAndKeepsWhatWasThere() throws Exception {
    Path target = dir.resolve("busy");
    Files.createDirectories(target);
    Files.writeString(target.resolve("keep.txt"), "precious");
    assertThatThrownBy(() -> OnnxWriter.write(tiny(), target))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(target.toString());
    assertThat(Files.readString(target.resolve("keep.txt"))).isEqualTo("precious");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void write_missingFolder_namesFile() {
    Path f = dir.resolve("no/such/folder/m.onnx");
    assertThatThrownBy(() -> OnnxWriter.write(tiny(), f))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(f.toString());
  }
}
