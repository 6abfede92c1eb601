package dev.fastj.onnx.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.nn.Dropout;
import dev.fastj.nn.Linear;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.testing.CrossEntropy;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.ModelSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dropout nodes of a train step carry seeds drawn from the model's seed. */
class DropoutSeedsTest {

  private static List<Long> seeds(long modelSeed, boolean[] trainable) {
    ModelSpec spec = ModelSpec.of(Sequential.of(Linear.of(8, 8), ReLU.create(), Dropout.of(0.5), Linear.of(8, 8),
        Dropout.of(0.5), Linear.of(8, 3)), new long[] {8}, new CrossEntropy(3), OptimizerSpec.Adam.defaults())
        .withSeed(modelSeed);
    ModelCompiler c = new ModelCompiler(spec, GradientRules.defaults(), ShapeRules.defaults());
    boolean[] t = trainable;
    if (t == null) {
      t = new boolean[c.parameters().size()];
      Arrays.fill(t, true);
    }
    Graph g = c.trainStep(t).graph();
    return g.nodes().stream().filter(n -> n.opType().equals("Dropout")).map(n -> {
      assertThat(n.attr("seed")).as(n.describe()).isNotNull();
      return n.attrLong("seed", 0);
    }).toList();
  }

  @Test
  void trainStep_givesEachDropoutItsOwnSeed_fromTheModelSeed() {
    List<Long> a = seeds(1, null);
    assertThat(a).hasSize(2).doesNotHaveDuplicates();
    assertThat(seeds(1, null)).isEqualTo(a);
    assertThat(seeds(2, null)).doesNotContainAnyElementsOf(a);
  }

  @Test
  void trainStep_variantsOfFreezing_drawOtherSeeds() {
    boolean[] head = {false, false, false, false, true, true};
    assertThat(seeds(1, head)).hasSize(2).doesNotContainAnyElementsOf(seeds(1, null));
  }

  @Test
  void apply_keepsASeedAlreadyThere() {
    Node n = new Node("d", "Dropout", "", List.of("x"), List.of("y", "m"),
        java.util.Map.of("seed", dev.fastj.onnx.graph.Attribute.of("seed", 7L)));
    Graph g = new Graph("g", List.of(), List.of(), List.of(n), java.util.Map.of(), List.of());
    assertThat(DropoutSeeds.apply(g, 1, 0).nodes().get(0).attrLong("seed", 0)).isEqualTo(7);
  }
}
