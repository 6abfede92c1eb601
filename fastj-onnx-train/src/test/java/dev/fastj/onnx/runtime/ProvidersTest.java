package dev.fastj.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.spi.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

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
}
