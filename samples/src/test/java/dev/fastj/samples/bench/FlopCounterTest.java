package dev.fastj.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link FlopCounter} against multiply-accumulates counted by hand. */
class FlopCounterTest {

  private static String weight(GraphBuilder b, String name, long... dims) {
    return b.initializer(name, Tensor.full(DataType.FLOAT, 0.5, dims));
  }

  @Test
  void conv_countsEachOutputTimesChannelsPerGroupTimesKernel_withTheBatchBound() {
    GraphBuilder b = new GraphBuilder("conv");
    String x = b.input("x", DataType.FLOAT, -1, 3, 8, 8);
    // 3 -> 4 channels, 3x3, padding 1: Y is [N, 4, 8, 8], each element 3 * 9 products
    String y = b.op("Conv", List.of(x, weight(b, "w", 4, 3, 3, 3)), Map.of("pads", new long[] {1, 1, 1, 1}));
    // depthwise 3x3 stride 2 over 4 channels (group 4): [N, 4, 4, 4], each element 1 * 9 products
    String z = b.op("Conv", List.of(y, weight(b, "dw", 4, 1, 3, 3)),
        Map.of("pads", new long[] {1, 1, 1, 1}, "strides", new long[] {2, 2}, "group", 4L));
    b.output(z, DataType.FLOAT, -1, 4, 4, 4);
    FlopCounter.Count c = FlopCounter.count(b.build(), 2);
    long macs = 2L * 4 * 8 * 8 * 3 * 9 + 2L * 4 * 4 * 4 * 9;
    assertThat(c.flops()).isEqualTo(2 * macs);
    assertThat(c.byOp()).containsOnlyKeys("Conv");
    assertThat(c.uncounted()).isEmpty();
    // the same graph at batch 5 does 5/2 of the work
    assertThat(FlopCounter.count(b.build(), 5).flops()).isEqualTo(5 * macs);
  }

  @Test
  void gemmMatMulAndConvTranspose_countTheirProducts_andElementwiseOpsCountNothing() {
    GraphBuilder b = new GraphBuilder("linalg");
    String a = b.input("a", DataType.FLOAT, -1, 7);
    // [N, 7] by [3, 7]^T: N * 7 * 3
    String g = b.op("Gemm", List.of(a, weight(b, "w", 3, 7), weight(b, "c", 3)), Map.of("transB", 1L));
    String r = b.op("Relu", g);
    // [2, N, 3] by [3, 6] (batched, broadcast): 2 * N * 6 outputs of 3 products each
    String m = b.matMul(b.op("Unsqueeze", List.of(r, b.longs(0)), Map.of()), weight(b, "m", 3, 6));
    b.output(m, DataType.FLOAT, 1, -1, 6);
    String t = b.input("t", DataType.FLOAT, -1, 4, 3, 3);
    // stride-2 2x2 transposed conv 4 -> 2 channels: each of the 4 * 9 inputs per item feeds 2 * 4 outputs
    String up = b.op("ConvTranspose", List.of(t, weight(b, "u", 4, 2, 2, 2)), Map.of("strides", new long[] {2, 2}));
    b.output(up, DataType.FLOAT, -1, 2, 6, 6);
    FlopCounter.Count c = FlopCounter.count(b.build(), 5);
    assertThat(c.byOp()).containsOnly(Map.entry("Gemm", 2L * 5 * 7 * 3), Map.entry("MatMul", 2L * 5 * 6 * 3),
        Map.entry("ConvTranspose", 2L * 5 * 4 * 9 * 2 * 4));
    assertThat(c.flops()).isEqualTo(c.byOp().values().stream().mapToLong(Long::longValue).sum());
    assertThatThrownBy(() -> FlopCounter.count(b.build(), 0)).hasMessageContaining("batch must be at least 1, got 0");
  }

  @Test
  void aProductOfUnknownShape_isListedAsUncounted() {
    GraphBuilder b = new GraphBuilder("unknown");
    String a = b.input("a", DataType.FLOAT, (long[]) null);
    String m = b.matMul(a, weight(b, "w", 3, 4));
    b.output(m, DataType.FLOAT, (long[]) null);
    FlopCounter.Count c = FlopCounter.count(b.build(), 4);
    assertThat(c.flops()).isZero();
    assertThat(c.uncounted()).hasSize(1).first().asString().contains("MatMul");
  }

  @Test
  void benchResnet_inferenceMatchesAHandCount_andItsTrainStepDoesAboutThreeTimesTheWork() {
    long n = 64;
    // stem 3->32; block 32->32 (two 3x3 at 32 px); block 32->64 stride 2 (3x3, 3x3, 1x1 at 16 px);
    // block 64->128 stride 2 (at 8 px); the 128->10 head
    long stem = n * 32 * 32 * 32 * 27;
    long macs = stem + 2 * n * 1024 * 32 * 288 + n * 256 * 64 * (288 + 576 + 32) + n * 64 * 128 * (576 + 1152 + 64)
        + n * 128 * 10;
    FlopCounter.Count infer = StepCase.INFER_64.flops(false);
    assertThat(infer.flops()).isEqualTo(2 * macs);
    assertThat(infer.uncounted()).isEmpty();
    assertThat(StepCase.INFER_1.flops(false).flops()).isEqualTo(2 * macs / n);
    // backward: a weight gradient for every conv and the head, an input gradient for all but the stem
    FlopCounter.Count train = StepCase.RESNET_32.flops(false);
    assertThat(train.uncounted()).isEmpty();
    assertThat(train.flops()).isEqualTo(2 * (3 * macs - stem));
  }
}
