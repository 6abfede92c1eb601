package dev.fastj.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.fastj.data.TensorData;
import dev.fastj.onnx.proto.OnnxWriter;
import dev.fastj.spi.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxInferenceModelTest {

  @Test
  void sessionConfig_trimsTheNativeHeapByDefault() {
    assertThat(SessionConfig.defaults().trimNativeHeap()).isTrue();
    assertThat(SessionConfig.of(Device.cpu(2)).trimNativeHeap()).isTrue();
  }

  @Test
  void sessionConfig_withCopies_keepTrimNativeHeapAndTheOtherSettings() {
    SessionConfig off = SessionConfig.of(Device.cpu(3)).withSpinning(true).withTrimNativeHeap(false);
    assertThat(off).isEqualTo(new SessionConfig(Device.cpu(3), 3, 0, OptLevel.ALL_OPT, true, false, true));
    SessionConfig changed = off.withDevice(Device.cpu(1)).withIntraOpThreads(1).withInterOpThreads(2)
        .withOptimization(OptLevel.BASIC_OPT).withSpinning(false);
    assertThat(changed.trimNativeHeap()).isFalse();
    assertThat(changed.withTrimNativeHeap(true))
        .isEqualTo(new SessionConfig(Device.cpu(1), 1, 2, OptLevel.BASIC_OPT, false, true, true));
  }

  @Test
  void load_withAndWithoutTrimmingTheNativeHeap_predictsTheSame(@TempDir Path dir) {
    Path file = dir.resolve("gemm_relu.onnx");
    OnnxWriter.write(GraphRunnerTest.gemmRelu(), file);
    TensorData x = TensorData.ofFloats(new float[] {1, 1, 1, 0, 1, -1}, 2, 3);
    for (boolean trim : new boolean[] {true, false}) {
      SessionConfig cfg = SessionConfig.of(Device.cpu(1)).withTrimNativeHeap(trim);
      try (OnnxInferenceModel m = OnnxInferenceModel.load(file, cfg)) {
        // rows: (6.5, 4) and (-0.5 -> 0, 11), as GraphRunnerTest computes by hand
        assertThat(m.predict(List.of(x)).toFloatArray()).as("trim %s", trim)
            .containsExactly(new float[] {6.5f, 4f, 0f, 11f}, within(1e-6f));
      }
    }
  }

  @Test
  void trimNativeHeap_onLinuxWithAJvmThatHasTheCommand_trims() {
    // System.trim_native_heap exists from JDK 17.0.9; a wrong operation name would make every
    // load silently keep the memory it freed, which only the benchmark would notice
    Runtime.Version v = Runtime.version();
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux only");
    assumeTrue(v.feature() > 17 || v.update() >= 9, "the JVM has no System.trim_native_heap before 17.0.9");
    assertThat(OnnxInferenceModel.trimNativeHeap()).startsWith("Trim native heap");
  }
}
