package dev.fastj.onnx.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.runtime.GraphRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each case builds a graph at an old opset, runs it on ONNX Runtime, upgrades it, checks the
 * opset-18 form and runs it again: the outputs must agree.
 */
class OpsetUpgradeTest {

  private static Tensor x3() {
    float[] v = new float[24];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(i + 1) * 2;
    }
    return Tensor.ofFloats(v, 2, 3, 4);
  }

  private static Tensor image() {
    float[] v = new float[2 * 3 * 3 * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.cos(0.7 * i);
    }
    return Tensor.ofFloats(v, 2, 3, 3, 3);
  }

  private static Node node(String op, List<String> in, List<String> out, Object... kv) {
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      attrs.put((String) kv[i], Attribute.of((String) kv[i], kv[i + 1]));
    }
    return new Node(op + "_" + out.get(0), op, "", in, out, attrs);
  }

  private static Model at(long opset, Graph g) {
    return new Model(g, Map.of("", opset), 7, "test", "1", Map.of());
  }

  /** Builds a graph with input x, lets {@code body} add nodes and declare outputs, at {@code opset}. */
  private static Model graph(long opset, Tensor x, Consumer<GraphBuilder> body) {
    GraphBuilder b = new GraphBuilder("g" + opset);
    b.input("x", x.type(), x.dims());
    body.accept(b);
    return at(opset, b.build());
  }

  /** Runs both versions and asserts the same outputs; returns the upgraded model. */
  private static Model upgradeAndCompare(Model old, Map<String, Tensor> inputs) {
    Map<String, Tensor> before = GraphRunner.run(old, inputs);
    Model up = OpsetUpgrade.to18(old);
    assertThat(up.opset()).isEqualTo(18);
    assertThat(up.irVersion()).isGreaterThanOrEqualTo(8);
    Map<String, Tensor> after = GraphRunner.run(up, inputs);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((k, v) -> {
      assertThat(after.get(k).dims()).as(k).containsExactly(v.dims());
      assertThat(after.get(k).toDoubles()).as(k).containsExactly(v.toDoubles(), within(1e-5));
    });
    return up;
  }

  private static List<Node> nodes(Model m, String op) {
    List<Node> out = new ArrayList<>();
    for (Node n : m.graph().nodes()) {
      if (n.opType().equals(op)) {
        out.add(n);
      }
    }
    return out;
  }

  @Test
  void reduceOps_axesAttributeBecomesInput() {
    List<String> ops = List.of("ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceLogSumExp", "ReduceL2",
        "ReduceL1", "ReduceSumSquare");
    Model old = graph(13, x3(), b -> {
      for (String op : ops) {
        b.addNode(node(op, List.of("x"), List.of(op + "_y"), "axes", new long[] {1, -1}, "keepdims", 0L));
        b.output(op + "_y", DataType.FLOAT, 2);
      }
      b.addNode(node("ReduceMean", List.of("x"), List.of("all"), "keepdims", 1L));
      b.output("all", DataType.FLOAT, 1, 1, 1);
    });
    Model up = upgradeAndCompare(old, Map.of("x", x3()));
    for (Node n : up.graph().nodes()) {
      assertThat(n.attributes()).as(n.describe()).doesNotContainKey("axes");
      if (!n.output(0).equals("all")) {
        assertThat(up.graph().initializers().get(n.input(1)).toLongs()).as(n.describe()).containsExactly(1, -1);
      } else {
        assertThat(n.inputs()).containsExactly("x");
      }
    }
  }

  @Test
  void reduceSumSqueezeUnsqueezeAndSplit_fromOpset11() {
    Model old = graph(11, x3(), b -> {
      b.addNode(node("ReduceSum", List.of("x"), List.of("s"), "axes", new long[] {0}, "keepdims", 1L));
      b.addNode(node("Squeeze", List.of("s"), List.of("sq"), "axes", new long[] {0}));
      b.addNode(node("Unsqueeze", List.of("sq"), List.of("un"), "axes", new long[] {2}));
      b.addNode(node("Split", List.of("x"), List.of("a", "c"), "axis", 1L, "split", new long[] {1, 2}));
      b.addNode(node("Split", List.of("x"), List.of("e1", "e2"), "axis", 2L));
      for (String o : List.of("un", "a", "c", "e1", "e2")) {
        b.output(o, DataType.FLOAT, (long[]) null);
      }
    });
    Model up = upgradeAndCompare(old, Map.of("x", x3()));
    for (String op : List.of("ReduceSum", "Squeeze", "Unsqueeze")) {
      Node n = nodes(up, op).get(0);
      assertThat(n.attributes()).doesNotContainKey("axes");
      assertThat(n.hasInput(1)).as(op).isTrue();
    }
    Node sized = nodes(up, "Split").get(0);
    assertThat(up.graph().initializers().get(sized.input(1)).toLongs()).containsExactly(1, 2);
    assertThat(nodes(up, "Split").get(1).attrLong("num_outputs", -1)).isEqualTo(2);
  }

  @Test
  void split13_withoutSizes_getsNumOutputs() {
    Model old = graph(13, x3(), b -> {
      b.addNode(node("Split", List.of("x"), List.of("p", "q", "r", "s"), "axis", -1L));
      for (String o : List.of("p", "q", "r", "s")) {
        b.output(o, DataType.FLOAT, (long[]) null);
      }
    });
    Model up = upgradeAndCompare(old, Map.of("x", x3()));
    assertThat(nodes(up, "Split").get(0).attrLong("num_outputs", -1)).isEqualTo(4);
  }

  @Test
  void clipPadDropout_fromOpset10() {
    Model old = graph(10, image(), b -> {
      b.addNode(node("Clip", List.of("x"), List.of("c"), "min", -0.5f, "max", 0.25f));
      b.addNode(node("Clip", List.of("x"), List.of("lo"), "min", 0f));
      b.addNode(node("Pad", List.of("x"), List.of("p"), "pads", new long[] {0, 0, 1, 2, 0, 0, 2, 1}, "value", 3f));
      b.addNode(node("Pad", List.of("x"), List.of("r"), "pads", new long[] {0, 0, 1, 1, 0, 0, 1, 1},
          "mode", "reflect"));
      b.addNode(node("Dropout", List.of("x"), List.of("d"), "ratio", 0.3f));
      for (String o : List.of("c", "lo", "p", "r", "d")) {
        b.output(o, DataType.FLOAT, (long[]) null);
      }
    });
    Model up = upgradeAndCompare(old, Map.of("x", image()));
    Node clip = nodes(up, "Clip").get(0);
    assertThat(clip.attributes()).isEmpty();
    assertThat(up.graph().initializers().get(clip.input(1)).toFloats()).containsExactly(-0.5f);
    assertThat(up.graph().initializers().get(clip.input(2)).toFloats()).containsExactly(0.25f);
    assertThat(nodes(up, "Clip").get(1).inputs()).hasSize(2);
    Node pad = nodes(up, "Pad").get(0);
    assertThat(pad.attributes()).isEmpty();
    assertThat(up.graph().initializers().get(pad.input(2)).toFloats()).containsExactly(3f);
    Node drop = nodes(up, "Dropout").get(0);
    assertThat(up.graph().initializers().get(drop.input(1)).toFloats()).containsExactly(0.3f);
  }

  @Test
  void resize10AndUpsample_becomeAsymmetricResize() {
    for (String mode : List.of("nearest", "linear")) {
      for (float s : new float[] {2f, 1.5f}) {
        Model old = graph(10, image(), b -> {
          b.initializer("scales", Tensor.ofFloats(new float[] {1, 1, s, s}, 4));
          b.addNode(node("Resize", List.of("x", "scales"), List.of("y"), "mode", mode));
          b.output("y", DataType.FLOAT, (long[]) null);
        });
        Model up = upgradeAndCompare(old, Map.of("x", image()));
        Node r = nodes(up, "Resize").get(0);
        assertThat(r.inputs()).containsExactly("x", "", "scales");
        assertThat(r.attrString("coordinate_transformation_mode", "")).isEqualTo("asymmetric");

        Model up9 = graph(9, image(), b -> {
          b.initializer("scales", Tensor.ofFloats(new float[] {1, 1, s, s}, 4));
          b.addNode(node("Upsample", List.of("x", "scales"), List.of("y"), "mode", mode));
          b.output("y", DataType.FLOAT, (long[]) null);
        });
        assertThat(nodes(upgradeAndCompare(up9, Map.of("x", image())), "Resize")).hasSize(1);
      }
    }
    Model up7 = graph(8, image(), b -> {
      b.addNode(node("Upsample", List.of("x"), List.of("y"), "scales", new float[] {1, 1, 2, 3}));
      b.output("y", DataType.FLOAT, (long[]) null);
    });
    Model up = upgradeAndCompare(up7, Map.of("x", image()));
    assertThat(GraphRunner.run(up, Map.of("x", image())).get("y").dims()).containsExactly(2, 3, 6, 9);
  }

  private static void batchNormInits(GraphBuilder b) {
    b.initializer("scale", Tensor.ofFloats(new float[] {1, 2, 0.5f}, 3));
    b.initializer("bias", Tensor.ofFloats(new float[] {0, -1, 1}, 3));
    b.initializer("mean", Tensor.ofFloats(new float[] {0.1f, 0.2f, -0.3f}, 3));
    b.initializer("var", Tensor.ofFloats(new float[] {1, 0.5f, 2}, 3));
  }

  @Test
  void batchNorm_spatialDroppedAndTrainingOutputsBecomeTrainingMode() {
    Model old8 = graph(8, image(), b -> {
      batchNormInits(b);
      b.addNode(node("BatchNormalization", List.of("x", "scale", "bias", "mean", "var"), List.of("y"),
          "spatial", 1L, "epsilon", 1e-3f));
      b.output("y", DataType.FLOAT, (long[]) null);
    });
    Node bn8 = nodes(upgradeAndCompare(old8, Map.of("x", image())), "BatchNormalization").get(0);
    assertThat(bn8.attributes()).doesNotContainKey("spatial").containsKey("epsilon");

    Model old13 = graph(13, image(), b -> {
      batchNormInits(b);
      b.addNode(node("BatchNormalization", List.of("x", "scale", "bias", "mean", "var"),
          List.of("y", "rm", "rv", "saved_mean", "saved_var"), "momentum", 0.8f));
      b.output("y", DataType.FLOAT, (long[]) null);
      b.output("rm", DataType.FLOAT, 3);
      b.output("rv", DataType.FLOAT, 3);
    });
    Model up = upgradeAndCompare(old13, Map.of("x", image()));
    Node bn = nodes(up, "BatchNormalization").get(0);
    assertThat(bn.outputs()).containsExactly("y", "rm", "rv");
    assertThat(bn.attrLong("training_mode", 0)).isEqualTo(1);
  }

  @Test
  void batchNorm_usedSavedMean_isRefusedNamingTheNode() {
    Model old = graph(13, image(), b -> {
      batchNormInits(b);
      b.addNode(node("BatchNormalization", List.of("x", "scale", "bias", "mean", "var"),
          List.of("y", "rm", "rv", "saved_mean", "saved_var")));
      b.output("saved_mean", DataType.FLOAT, 3);
    });
    assertThatThrownBy(() -> OpsetUpgrade.to18(old))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BatchNormalization 'BatchNormalization_y'")
        .hasMessageContaining("saved_mean");
  }

  @Test
  void subgraphs_areUpgradedToo() {
    GraphBuilder thenB = new GraphBuilder("then");
    thenB.addNode(node("ReduceMax", List.of("x"), List.of("m"), "axes", new long[] {2}, "keepdims", 0L));
    thenB.output("m", DataType.FLOAT, (long[]) null);
    GraphBuilder elseB = new GraphBuilder("else");
    elseB.addNode(node("ReduceMin", List.of("x"), List.of("n"), "axes", new long[] {2}, "keepdims", 0L));
    elseB.output("n", DataType.FLOAT, (long[]) null);
    GraphBuilder b = new GraphBuilder("cond");
    b.input("x", DataType.FLOAT, 2, 3, 4);
    b.input("c", DataType.BOOL);
    b.addNode(node("If", List.of("c"), List.of("r"), "then_branch", thenB.build(), "else_branch", elseB.build()));
    b.output("r", DataType.FLOAT, (long[]) null);
    Model old = at(13, b.build());
    for (boolean c : new boolean[] {true, false}) {
      Model up = upgradeAndCompare(old, Map.of("x", x3(), "c", Tensor.ofBools(new boolean[] {c})));
      Graph then = nodes(up, "If").get(0).attr("then_branch").asGraph();
      assertThat(then.nodes().get(0).attributes()).doesNotContainKey("axes");
      assertThat(then.initializers().get(then.nodes().get(0).input(1)).toLongs()).containsExactly(2);
    }
  }

  @Test
  void to18_keepsOpset18AndRefusesOthersWithAdvice() {
    Model m18 = graph(18, x3(), b -> {
      b.addNode(node("Relu", List.of("x"), List.of("y")));
      b.output("y", DataType.FLOAT, 2, 3, 4);
    });
    assertThat(OpsetUpgrade.to18(m18)).isSameAs(m18);
    assertThatThrownBy(() -> OpsetUpgrade.to18(at(19, m18.graph())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("opset 19");
    assertThatThrownBy(() -> OpsetUpgrade.to18(at(6, m18.graph())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("opset 6").hasMessageContaining("13");
  }

  @Test
  void torchTrainingExport_upgradedRunsTheSame() {
    byte[] bytes = TorchExportTest.resource("resnet_tiny_op13_train.onnx");
    Model m = OnnxReader.read(bytes);
    Model up = upgradeAndCompare(m, Map.of("input", TorchExportTest.sineInput()));
    assertThat(nodes(up, "BatchNormalization")).allSatisfy(n -> {
      assertThat(n.outputs()).hasSize(3);
      assertThat(n.attrLong("training_mode", 0)).isEqualTo(1);
    });
    Model reread = OnnxReader.read(OnnxWriter.toBytes(up));
    ModelAssert.assertSameModel(reread, up);
  }
}
