package dev.fastj.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.InputSpec;
import dev.fastj.data.TensorData;
import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.ParamInfo;
import dev.fastj.spi.TrainableModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TabularModelTest {

  private static final List<InputSpec> INPUTS = List.of(
      new InputSpec("x_cat", new long[] {2}, TensorData.DType.INT64),
      new InputSpec("x_cont", new long[] {3}, TensorData.DType.FLOAT32));

  @Test
  void embSzRule_matchesFastaiOnTheAdultTutorialColumns() {
    // fastai's adult tutorial: workclass 10 -> 6, education 17 -> 8, marital-status 8 -> 5,
    // occupation 16 -> 8, relationship 7 -> 5, race 6 -> 4, education-num_na 3 -> 3
    assertThat(java.util.stream.IntStream.of(10, 17, 8, 16, 7, 6, 3).map(TabularModel::embSzRule).toArray())
        .containsExactly(6, 8, 5, 8, 5, 4, 3);
    assertThat(TabularModel.embSzRule(1_000_000)).isEqualTo(600);
  }

  private static Map<String, long[]> params(TabularModel m) {
    try (TrainableModel t = Backend.get().compile(new ModelSpec(m, INPUTS, CrossEntropyLossFlat.create(),
        OptimizerSpec.Adam.defaults(), 1, Device.cpu()))) {
      Map<String, long[]> out = new LinkedHashMap<>();
      for (ParamInfo p : t.parameters()) {
        out.put(p.name(), p.shape());
      }
      return out;
    }
  }

  @Test
  void defaults_areFastaisTabularModel_withPytorchStateDictNames() {
    TabularModel m = new TabularModel(List.of(new TabularModel.EmbSz(4, 3), new TabularModel.EmbSz(3, 3)), 3, 2,
        TabularConfig.defaults());
    Map<String, long[]> p = params(m);
    assertThat(p.keySet()).containsExactly("embeds.0.weight", "embeds.1.weight", "bn_cont.weight", "bn_cont.bias",
        "layers.0.0.weight", "layers.0.2.weight", "layers.0.2.bias", "layers.1.0.weight", "layers.1.2.weight",
        "layers.1.2.bias", "layers.2.0.weight", "layers.2.0.bias");
    assertThat(p.get("layers.0.0.weight")).containsExactly(200, 9);
    assertThat(p.get("layers.1.0.weight")).containsExactly(100, 200);
    assertThat(p.get("layers.2.0.weight")).containsExactly(2, 100);
    assertThat(m.layers().get(0).describe()).isEqualTo("LinBnDrop(9 -> 200, bn, ReLU, lin_first)");
  }

  @Test
  void config_psEmbedPYRangeAndBnFinal() {
    TabularConfig c = TabularConfig.defaults().withLayers(8, 4).withPs(0.1, 0.2).withEmbedP(0.05).withYRange(0, 5)
        .withBnFinal(true);
    TabularModel m = new TabularModel(List.of(new TabularModel.EmbSz(4, 3)), 3, 1, c);
    assertThat(m.layers().size()).isEqualTo(4);
    assertThat(m.layers().get(1).describe()).isEqualTo("LinBnDrop(8 -> 4, bn, p=0.2, ReLU, lin_first)");
    assertThat(m.layers().get(2).describe()).isEqualTo("LinBnDrop(4 -> 1, bn, lin_first)");
    assertThat(m.layers().get(3).describe()).isEqualTo("SigmoidRange(0.0, 5.0)");
    assertThatThrownBy(() -> TabularConfig.defaults().withPs(0.1, 0.2, 0.3))
        .hasMessageContaining("ps has 3 values for 2 layers");
  }

  @Test
  void embeddings_startAsFastaisTruncatedNormal() {
    TabularModel m = new TabularModel(List.of(new TabularModel.EmbSz(2000, 50), new TabularModel.EmbSz(3, 3)), 3, 2,
        TabularConfig.defaults());
    try (TrainableModel t = Backend.get().compile(new ModelSpec(m, INPUTS, CrossEntropyLossFlat.create(),
        OptimizerSpec.Adam.defaults(), 1, Device.cpu()))) {
      float[] w = t.stateDict(false).get("embeds.0.weight").toFloatArray();
      double ss = 0;
      float max = 0;
      for (float v : w) {
        ss += v * v;
        max = Math.max(max, Math.abs(v));
      }
      // normal values fmod 2, times 0.01: within 0.02, std 0.00866 (torch.randn(2e6).fmod(2).std() is 0.8659)
      assertThat(max).isLessThan(0.02f);
      assertThat(Math.sqrt(ss / w.length)).isBetween(0.0084, 0.0089);
    }
  }

  @Test
  void onlyContinuousOrOnlyCategorical_takesOneInput() {
    TabularModel cont = new TabularModel(List.of(), 3, 2, TabularConfig.defaults());
    try (TrainableModel t = Backend.get().compile(new ModelSpec(cont, List.of(INPUTS.get(1)),
        CrossEntropyLossFlat.create(), OptimizerSpec.Adam.defaults(), 1, Device.cpu()))) {
      assertThat(t.parameters().get(0).name()).isEqualTo("bn_cont.weight");
    }
    assertThatThrownBy(() -> Backend.get().compile(new ModelSpec(cont, INPUTS, CrossEntropyLossFlat.create(),
        OptimizerSpec.Adam.defaults(), 1, Device.cpu()))).hasMessageContaining("TabularModel takes 1 inputs (x_cont)");
  }
}
