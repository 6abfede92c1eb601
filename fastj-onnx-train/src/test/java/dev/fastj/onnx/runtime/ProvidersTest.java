package dev.fastj.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.spi.Device;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersTest {

  @Test
  void cudaOnCpuPackage_fallsBackWithOneLogLine() {
    Logger jul = Logger.getLogger(Providers.class.getName());
    List<LogRecord> records = new ArrayList<>();
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        records.add(r);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    jul.addHandler(h);
    try {
      // a device id no other test uses, so that this message has not been logged before
      SessionConfig cfg = SessionConfig.of(Device.cuda(5)).withIntraOpThreads(1);
      for (int i = 0; i < 2; i++) {
        try (Providers.Choice c = Providers.options(cfg)) {
          assertThat(c.kind()).isEqualTo(Device.Kind.CPU);
        }
      }
    } finally {
      jul.removeHandler(h);
    }
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getMessage()).contains("CUDA device 5 is not available").contains("running on the CPU");
  }

  @Test
  void cpu_choosesCpuWithoutLogging() {
    try (Providers.Choice c = Providers.options(SessionConfig.of(Device.cpu(2)))) {
      assertThat(c.kind()).isEqualTo(Device.Kind.CPU);
    }
    assertThat(SessionConfig.of(Device.cpu(3)).intraOpThreads()).isEqualTo(3);
  }

  @Test
  void cpu_poolThreadsSleepUnlessSpinningIsAsked() {
    try (Providers.Choice c = Providers.options(SessionConfig.of(Device.cpu(2)))) {
      assertThat(c.options().getConfigEntries()).containsEntry("session.intra_op.allow_spinning", "0")
          .containsEntry("session.inter_op.allow_spinning", "0");
    }
    try (Providers.Choice c = Providers.options(SessionConfig.of(Device.cpu(2)).withSpinning(true))) {
      assertThat(c.options().getConfigEntries()).containsEntry("session.intra_op.allow_spinning", "1");
    }
  }

  @Test
  void sessionConfig_rejectsNegativeThreads() {
    assertThatThrownBy(() -> SessionConfig.defaults().withIntraOpThreads(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intra-op -1");
  }

  @Test
  void profileProperty_makesEachSessionWriteATraceOfItsNodes(@TempDir Path dir) throws IOException {
    GraphBuilder b = new GraphBuilder("profiled");
    String x = b.input("x", DataType.FLOAT, 2, 3);
    b.output(b.op("Relu", x), DataType.FLOAT, 2, 3);
    String prefix = dir.resolve("trace").toString();
    System.setProperty(Providers.PROFILE_PROPERTY, prefix);
    try (CompiledGraph g = CompiledGraph.compile(Model.of(b.build()))) {
      g.runTensors(Map.of("x", Tensor.ofFloats(new float[6], 2, 3)));
    } finally {
      System.clearProperty(Providers.PROFILE_PROPERTY);
    }
    List<Path> traces;
    try (Stream<Path> files = Files.list(dir)) {
      traces = files.filter(p -> p.getFileName().toString().startsWith("trace_")).toList();
    }
    assertThat(traces).hasSize(1);
    assertThat(Files.readString(traces.get(0))).contains("\"op_name\" : \"Relu\"");
  }
}
