package dev.fastj.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.spi.Device;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The NCHWc rewrite of a CPU train step's convolutions computes the same values as plain Conv. */
class NchwcConvsTest {

  @Test
  void rewrittenConvolutions_matchPlainConvolutions() {
    int block = NchwcConvs.blockSize();
    assumeThat(block).as("ONNX Runtime's NCHWc kernels on this CPU").isPositive();
    long c = 2L * block;
    GraphBuilder b = new GraphBuilder("convs");
    String img = b.input("img", DataType.FLOAT, -1, 3, 9, 9);
    String stemW = b.input("stem_w", DataType.FLOAT, c, 3, 3, 3);
    String w1 = b.input("w1", DataType.FLOAT, c, c, 3, 3);
    String w2 = b.input("w2", DataType.FLOAT, 2 * c, c, 1, 1);
    String bias = b.input("bias", DataType.FLOAT, 2 * c);
    // fewer input channels than a block: stays a plain Conv
    String x = b.op("Conv", List.of(img, stemW), attrs(3, 1, 1));
    // two convolutions of the same input share its reordered copy
    String y1 = b.op("Conv", List.of(x, w1), attrs(3, 2, 1));
    String y2 = b.op("Conv", List.of(x, w2, bias), attrs(1, 2, 0));
    String y = b.op("Add", y1, b.op("Slice", y2, b.longs(0), b.longs(c), b.longs(1)));
    b.output(y, DataType.FLOAT, -1, c, 5, 5);
    Model plain = Model.of(b.build());
    Model blocked = NchwcConvs.apply(plain, block);

    assertThat(blocked.graph().nodes()).extracting(Node::opType).filteredOn("ReorderInput"::equals).hasSize(1);
    assertThat(blocked.graph().nodes()).filteredOn(n -> n.opType().equals("Conv"))
        .filteredOn(n -> n.domain().equals(NchwcConvs.DOMAIN)).hasSize(2);
    Random rnd = new Random(3);
    Map<String, Tensor> feed = new LinkedHashMap<>();
    feed.put("img", random(rnd, 2, 3, 9, 9));
    feed.put("stem_w", random(rnd, c, 3, 3, 3));
    feed.put("w1", random(rnd, c, c, 3, 3));
    feed.put("w2", random(rnd, 2 * c, c, 1, 1));
    feed.put("bias", random(rnd, 2 * c));
    float[] expected;
    float[] actual;
    try (CompiledGraph p = CompiledGraph.compile(plain); CompiledGraph q = CompiledGraph.compile(blocked)) {
      expected = p.runTensors(feed).get(y).toFloats();
      actual = q.runTensors(feed).get(y).toFloats();
    }
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-3f));
    }
  }

  @Test
  void oddChannelCounts_arePaddedToBlocks_andInputsOfUnknownChannels_areRewritten() {
    int block = NchwcConvs.blockSize();
    assumeThat(block).as("ONNX Runtime's NCHWc kernels on this CPU").isPositive();
    GraphBuilder b = new GraphBuilder("odd_convs");
    // a Reshape to a shape fed at run time: shape inference knows nothing of x, as of the
    // input-gradient convolutions of a backward pass
    String flat = b.input("flat", DataType.FLOAT, -1, 28 * 9 * 9);
    String shape = b.input("shape", DataType.INT64, 4);
    String x = b.op("Reshape", flat, shape);
    String w1 = b.input("w1", DataType.FLOAT, 32, 28, 3, 3);
    String x2 = b.input("x2", DataType.FLOAT, -1, 31, 5, 5);
    String w2 = b.input("w2", DataType.FLOAT, 56, 31, 3, 3);
    String bias = b.input("bias", DataType.FLOAT, 56);
    String y1 = b.op("Conv", List.of(x, w1), attrs(3, 2, 1));
    String y2 = b.op("Conv", List.of(x2, w2, bias), attrs(3, 1, 1));
    b.output(y1, DataType.FLOAT, -1, 32, 5, 5);
    b.output(y2, DataType.FLOAT, -1, 56, 5, 5);
    Model plain = Model.of(b.build());
    Model blocked = NchwcConvs.apply(plain, block);

    assertThat(blocked.graph().nodes()).filteredOn(n -> n.opType().equals("Conv"))
        .allMatch(n -> n.domain().equals(NchwcConvs.DOMAIN)).hasSize(2);
    Random rnd = new Random(5);
    Map<String, Tensor> feed = new LinkedHashMap<>();
    feed.put("flat", random(rnd, 2, 28 * 9 * 9));
    feed.put("shape", Tensor.ofLongs(new long[] {2, 28, 9, 9}, 4));
    feed.put("w1", random(rnd, 32, 28, 3, 3));
    feed.put("x2", random(rnd, 2, 31, 5, 5));
    feed.put("w2", random(rnd, 56, 31, 3, 3));
    feed.put("bias", random(rnd, 56));
    try (CompiledGraph p = CompiledGraph.compile(plain); CompiledGraph q = CompiledGraph.compile(blocked)) {
      Map<String, Tensor> expected = p.runTensors(feed);
      Map<String, Tensor> actual = q.runTensors(feed);
      for (String out : List.of(y1, y2)) {
        assertThat(actual.get(out).dims()).as(out).containsExactly(expected.get(out).dims());
        float[] e = expected.get(out).toFloats();
        float[] a = actual.get(out).toFloats();
        for (int i = 0; i < e.length; i++) {
          assertThat(a[i]).as("%s element %d", out, i).isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-3f));
        }
      }
    }
  }

  @Test
  void paddingThatWouldCostTooMuch_leavesTheConvolutionPlain() {
    GraphBuilder b = new GraphBuilder("stem");
    String x = b.input("x", DataType.FLOAT, -1, 12, 5, 5);
    String w = b.input("w", DataType.FLOAT, 5, 12, 3, 3);
    b.output(b.op("Conv", List.of(x, w), attrs(3, 1, 1)), DataType.FLOAT, -1, 5, 5, 5);
    Model m = Model.of(b.build());
    // 12 x 5 channels padded to 16 x 8 is 2.1x the work
    assertThat(NchwcConvs.apply(m, 8)).isSameAs(m);
  }

  @Test
  void graphWithoutQualifyingConvolutions_isReturnedUnchanged() {
    GraphBuilder b = new GraphBuilder("odd");
    String x = b.input("x", DataType.FLOAT, 1, 6, 5, 5);
    String w = b.input("w", DataType.FLOAT, 6, 6, 3, 3);
    b.output(b.op("Conv", List.of(x, w), attrs(3, 1, 1)), DataType.FLOAT, 1, 6, 5, 5);
    Model m = Model.of(b.build());
    assertThat(NchwcConvs.apply(m, 8)).isSameAs(m);
    assertThat(NchwcConvs.apply(m, 0)).isSameAs(m);
  }

  @Test
  void sessionConfig_blockedConvolutionsOnByDefault_andKeptByCopies() {
    assertThat(SessionConfig.defaults().blockedConvolutions()).isTrue();
    SessionConfig off = SessionConfig.of(Device.cpu(2)).withBlockedConvolutions(false);
    assertThat(off.blockedConvolutions()).isFalse();
    assertThat(off.withSpinning(true).withIntraOpThreads(1).withTrimNativeHeap(false).blockedConvolutions())
        .isFalse();
  }

  private static Map<String, Object> attrs(long k, long s, long p) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("kernel_shape", new long[] {k, k});
    a.put("pads", new long[] {p, p, p, p});
    a.put("strides", new long[] {s, s});
    return a;
  }

  private static Tensor random(Random rnd, long... dims) {
    float[] v = new float[(int) Tensor.numel(dims)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return Tensor.ofFloats(v, dims);
  }
}
