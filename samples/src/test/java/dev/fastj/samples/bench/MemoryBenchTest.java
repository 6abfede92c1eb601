package dev.fastj.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.Batch;
import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.onnx.runtime.OnnxTrainableModel;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The memory benchmark's parsing and output, and the soak loop's native-tensor balance. */
class MemoryBenchTest {

  @Test
  void readsKibLinesOfProcStatusAsBytes() {
    assertThat(MemoryBench.kib("VmRSS:\t  123456 kB")).isEqualTo(123456L * 1024);
    assertThat(MemoryBench.kib("VmHWM: 7 kB")).isEqualTo(7L * 1024);
  }

  @Test
  void rejectsALineWithoutKib() {
    assertThatThrownBy(() -> MemoryBench.kib("VmRSS: 12 MB")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("VmRSS: 12 MB");
  }

  @Test
  void rejectsTooFewSteps() {
    assertThatThrownBy(() -> MemoryBench.main(new String[] {"--steps", "5"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 20");
  }

  @Test
  void writesOneJsonObject() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", 1L);
    m.put("b", 2.5);
    m.put("c", List.of(1L, 2L));
    m.put("d", true);
    m.put("e", Double.NaN);
    assertThat(MemoryBench.toJson(m)).isEqualTo("{\"a\":1,\"b\":2.5000,\"c\":[1,2],\"d\":true,\"e\":null}");
  }

  @Test
  void theSoakLoopHoldsTheSameNativeTensorsAfterManySteps() {
    ModelSpec spec = new ModelSpec(MemoryBench.soakNet(), new long[] {1, 28, 28}, CrossEntropyLossFlat.create(),
        OptimizerSpec.Adam.defaults(), 0, Device.cpu(1));
    Batch batch = MemoryBench.syntheticBatch();
    try (TrainableModel m = Backend.get().compile(spec)) {
      OnnxTrainableModel onnx = (OnnxTrainableModel) m;
      m.trainStep(batch, Hyper.uniform(1, 1e-3, 0.9, 0.01, 1), false);
      int held = onnx.liveTensors();
      for (int step = 2; step <= 30; step++) {
        m.trainStep(batch, Hyper.uniform(1, 1e-3, 0.9, 0.01, step), step % 3 == 0);
        if (step % 5 == 0) {
          m.evalStep(batch);
          m.predict(List.of(batch.input()));
          m.stateDict(true);
        }
      }
      assertThat(onnx.liveTensors()).isEqualTo(held);
    }
  }
}
