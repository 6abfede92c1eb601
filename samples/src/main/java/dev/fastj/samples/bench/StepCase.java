package dev.fastj.samples.bench;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.AdaptiveAvgPool2d;
import dev.fastj.nn.BatchNorm2d;
import dev.fastj.nn.Conv2d;
import dev.fastj.nn.Emitter;
import dev.fastj.nn.Flatten;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Loss;
import dev.fastj.nn.Module;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.ResBlock;
import dev.fastj.nn.Sequential;
import dev.fastj.nn.Var;
import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.compile.ModelCompiler;
import dev.fastj.onnx.compile.StepGraph;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Device;
import dev.fastj.spi.ModelSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The cases of {@code ./fastj bench}, each measured on both sides (fastj in a child JVM, PyTorch
 * in the bundled torch_baseline.py): full train steps (forward, backward, Adam) of a small ResNet
 * at 32 and 64 px and of an MLP at batch 64, inference of the ResNet at 32 px at batch 64 and 1,
 * and the sgemm roof (one 2048x2048 by 2048x2048 float32 product). The Python script knows the
 * same cases by {@link #key()}.
 */
enum StepCase {
  RESNET_32("resnet_32", Kind.TRAIN, "resnet", 64, 3, 32, 32),
  RESNET_64("resnet_64", Kind.TRAIN, "resnet", 64, 3, 64, 64),
  MLP("mlp", Kind.TRAIN, "mlp", 64, 784),
  INFER_64("infer_64", Kind.INFER, "resnet", 64, 3, 32, 32),
  INFER_1("infer_1", Kind.INFER, "resnet", 1, 3, 32, 32),
  SGEMM("sgemm_2048", Kind.GEMM, "matmul", 1, 2048, 2048);

  /** What one step of a case is. */
  enum Kind {
    /** forward, backward and the optimizer update */
    TRAIN,
    /** the forward pass of the exported model (PyTorch: eval mode under no_grad) */
    INFER,
    /** one float32 matrix product */
    GEMM
  }

  /** The side of the sgemm roof's square matrices. */
  static final int GEMM_SIZE = 2048;

  private final String key;
  private final Kind kind;
  private final String net;
  private final int batch;
  private final long[] item;

  StepCase(String key, Kind kind, String net, int batch, long... item) {
    this.key = key;
    this.kind = kind;
    this.net = net;
    this.batch = batch;
    this.item = item;
  }

  /** The case's name in the report, the JSON keys and the Python script. */
  String key() {
    return key;
  }

  Kind kind() {
    return kind;
  }

  /** Items per step (1 for the matrix product). */
  int batch() {
    return batch;
  }

  /** The shape of one item, without the batch. */
  long[] item() {
    return item.clone();
  }

  /** The row label of the report: {@code resnet_32 train}, {@code resnet 32px infer}... */
  String label() {
    return switch (kind) {
      case TRAIN -> key + " train";
      case INFER -> String.format(Locale.ROOT, "%s %dpx infer", net, item[item.length - 1]);
      case GEMM -> "sgemm " + GEMM_SIZE + "^3";
    };
  }

  /** The case named {@code key}; an error listing the names otherwise. */
  static StepCase of(String key) {
    for (StepCase c : values()) {
      if (c.key.equals(key)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown bench case " + key + "; use one of "
        + Arrays.stream(values()).map(StepCase::key).toList());
  }

  /** A fresh copy of the case's network (not for {@link Kind#GEMM}). */
  Module module() {
    return switch (net) {
      case "resnet" -> resnet();
      case "mlp" -> mlp();
      default -> throw new IllegalStateException(key + " has no network");
    };
  }

  /** The model spec both sides mirror: the network, cross-entropy, fastai's Adam, seed 1. */
  ModelSpec spec(Device device) {
    return new ModelSpec(module(), item(), new SoftmaxCrossEntropy(), OptimizerSpec.Adam.defaults(), 1, device);
  }

  /**
   * Floating-point operations of one step, counted by {@link FlopCounter} on the graph fastj
   * compiles for it (the train step, or the exported inference graph) with the batch bound;
   * {@code 2 * 2048^3} for the matrix product. Pure Java: no ONNX Runtime session is made.
   */
  FlopCounter.Count flops(boolean mixedPrecision) {
    if (kind == Kind.GEMM) {
      long n = GEMM_SIZE;
      return new FlopCounter.Count(2 * n * n * n, Map.of("MatMul", 2 * n * n * n), List.of());
    }
    ModelCompiler c = new ModelCompiler(spec(Device.cpu(1)), GradientRules.defaults(), ShapeRules.defaults());
    if (kind == Kind.TRAIN) {
      boolean[] all = new boolean[c.parameters().size()];
      Arrays.fill(all, true);
      // the compiler leaves the target's shape open; here it is one class index per item
      return FlopCounter.count(c.trainStep(all, mixedPrecision).graph(), batch, Map.of(StepGraph.TARGET,
          new long[] {-1}));
    }
    return FlopCounter.count(c.inference(c.initialValues(), Map.of()).graph(), batch);
  }

  /** The small ResNet: a 3x3 stem, three basic blocks (32, 64, 128 channels), pooling, a linear head. */
  static Module resnet() {
    return Sequential.of(
        Conv2d.of(3, 32, 3).withPadding(1).withBias(false), BatchNorm2d.of(32), ReLU.create(),
        ResBlock.of(32, 32, 1), ResBlock.of(32, 64, 2), ResBlock.of(64, 128, 2),
        AdaptiveAvgPool2d.of(1), Flatten.create(), Linear.of(128, 10));
  }

  /** The MLP: 784 -> 1000 -> 1000 -> 10 with ReLUs (1.8M parameters). */
  static Module mlp() {
    return Sequential.of(Linear.of(784, 1000), ReLU.create(), Linear.of(1000, 1000), ReLU.create(),
        Linear.of(1000, 10));
  }

  /** A batch of {@link #batch()} Gaussian items with labels 0-9, the same each run. */
  Batch data() {
    Random rnd = new Random(0);
    long[] shape = new long[item.length + 1];
    shape[0] = batch;
    System.arraycopy(item, 0, shape, 1, item.length);
    float[] x = new float[(int) TensorData.numel(shape)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    long[] y = new long[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = rnd.nextInt(10);
    }
    return new Batch(List.of(TensorData.ofFloats(x, shape)), List.of(TensorData.ofLongs(y, batch)), new int[batch]);
  }

  /**
   * Softmax cross-entropy on class indices for the benchmark: mean over rows of
   * -log_softmax(output)[target] with a one-hot product (fastai's CrossEntropyLossFlat computes
   * the same; the benchmark keeps its own so it depends on nothing but the layers).
   */
  static final class SoftmaxCrossEntropy implements Loss {
    @Override
    public Var forward(Emitter e, Var output, Var target) {
      Var logp = e.op("LogSoftmax", List.of(output), Map.of("axis", 1L));
      Var oneHot = e.op("OneHot", List.of(target, e.constantLongs(new long[] {10}, 1),
          e.constant(new float[] {0f, 1f}, 2)), Map.of("axis", 1L));
      Var rows = e.op("ReduceSum", List.of(e.op("Mul", logp, oneHot), e.constantLongs(new long[] {1}, 1)),
          Map.of("keepdims", 0L));
      return e.op("Neg", e.op("ReduceMean", List.of(rows), Map.of("keepdims", 0L)));
    }

    @Override
    public TensorData.DType targetType() {
      return TensorData.DType.INT64;
    }
  }
}
