package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.RecordingEmitter;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.ParamInfo;
import dev.fastj.spi.StepResult;
import dev.fastj.spi.TrainableModel;
import dev.fastj.vision.Arch;
import dev.fastj.vision.VisionLearner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VisionLearnerTest {

  /** Emits the real model to learn its parameters; records groups and freezing; never trains. */
  static final class ParamsOnlyBackend implements Backend {
    List<ParamInfo> params;
    int[] groups;
    boolean[] trainable;
    ModelSpec spec;

    @Override
    public String name() {
      return "params-only";
    }

    @Override
    public TrainableModel compile(ModelSpec s) {
      spec = s;
      RecordingEmitter e = new RecordingEmitter(true);
      long[] shape = new long[s.inputShape().length + 1];
      shape[0] = -1;
      System.arraycopy(s.inputShape(), 0, shape, 1, s.inputShape().length);
      s.model().forward(e, e.input(shape));
      params = new ArrayList<>();
      e.params.values().forEach(p -> params.add(new ParamInfo(p.name(), p.shape(), p.role())));
      return new TrainableModel() {
        @Override public List<ParamInfo> parameters() { return params; }
        @Override public void setParamGroups(int[] g) { groups = g.clone(); }
        @Override public void setTrainable(boolean[] t) { trainable = t.clone(); }
        @Override public StepResult trainStep(Batch b, Hyper h, boolean w) { throw new UnsupportedOperationException(); }
        @Override public StepResult evalStep(Batch b) { throw new UnsupportedOperationException(); }
        @Override public TensorData predict(List<TensorData> in) { throw new UnsupportedOperationException(); }
        @Override public Map<String, TensorData> stateDict(boolean o) { return Map.of(); }
        @Override public void loadStateDict(Map<String, TensorData> s) { }
        @Override public void exportOnnx(Path f, Map<String, String> m) { throw new UnsupportedOperationException(); }
        @Override public void close() { }
      };
    }
  }

  private static FakeData images() {
    return FakeData.classification(new long[] {3, 32, 32}, 10, 20, 10, 10, 1);
  }

  @Test
  void create_buildsBodyAndHeadInFastaiThreeGroups() {
    ParamsOnlyBackend backend = new ParamsOnlyBackend();
    Arch arch = Arch.xresnetSmall();
    try (Learner learn = VisionLearner.builder(images(), arch).backend(backend).progress(null).build()) {
      assertThat(learn.paramGroupCount()).isEqualTo(3);
      assertThat(learn.frozenIdx()).isZero();
      assertThat(backend.trainable).containsOnly(true);
      int[] seen = new int[3];
      for (int i = 0; i < backend.params.size(); i++) {
        ParamInfo p = backend.params.get(i);
        int g = arch.paramGroup(p.name());
        seen[g]++;
        assertThat(backend.groups[i]).as(p.name()).isEqualTo(2 * g + (p.role().isBnOrBias() ? 1 : 0));
      }
      assertThat(seen).doesNotContain(0);
      assertThat(backend.spec.inputShape()).containsExactly(3, 32, 32);
    }
  }

  @Test
  void pretrained_freezesBodyButKeepsItsBatchNormsTraining() {
    ParamsOnlyBackend backend = new ParamsOnlyBackend();
    Arch arch = Arch.xresnetSmall();
    try (Learner learn = VisionLearner.builder(images(), arch).pretrained(true).backend(backend).progress(null)
        .build()) {
      assertThat(learn.frozenIdx()).isEqualTo(2);
      for (int i = 0; i < backend.params.size(); i++) {
        ParamInfo p = backend.params.get(i);
        boolean head = arch.paramGroup(p.name()) == 2;
        assertThat(backend.trainable[i]).as(p.name()).isEqualTo(head || p.role().isNorm());
      }
    }
  }

  @Test
  void headFollowsPretraining_scratchGetsPoolAndOneLinear_pretrainedGetsFastaisHead() {
    ParamsOnlyBackend backend = new ParamsOnlyBackend();
    try (Learner scratch = VisionLearner.builder(images(), Arch.xresnetSmall()).backend(backend).progress(null)
        .build()) {
      // one Linear(128, 10) with a bias, nothing else in the head
      assertThat(backend.params.stream().filter(p -> p.name().startsWith("1.")).map(ParamInfo::name))
          .containsExactlyInAnyOrder("1.2.weight", "1.2.bias");
    }
    try (Learner pre = VisionLearner.builder(images(), Arch.xresnetSmall()).pretrained(true).backend(backend)
        .progress(null).build()) {
      // fastai's create_head: BatchNorm1d, Linear(256, 512), BatchNorm1d, Linear(512, 10)
      assertThat(backend.params.stream().filter(p -> p.name().startsWith("1.") && p.shape().length == 2)
          .map(p -> java.util.Arrays.toString(p.shape()))).containsExactly("[512, 256]", "[10, 512]");
    }
    try (Learner chosen = VisionLearner.builder(images(), Arch.xresnetSmall())
        .head(dev.fastj.vision.HeadOptions.defaults()).backend(backend).progress(null).build()) {
      assertThat(backend.params.stream().filter(p -> p.name().startsWith("1.") && p.shape().length == 2)).hasSize(2);
    }
  }

  @Test
  void nonImageData_isRejectedWithItsShape() {
    assertThatThrownBy(() -> VisionLearner.builder(FakeData.regression(4, 1, 8, 4, 4, 1), Arch.xresnetSmall())
        .backend(new ParamsOnlyBackend()).build())
        .hasMessageContaining("[4]");
  }
}
