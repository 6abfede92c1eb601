package dev.fastj.onnx.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.ShapeInference;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the float 2-D convolutions of a CPU train step into ONNX Runtime's blocked-layout
 * kernels (the {@code com.microsoft.nchwc} domain): the input is reordered to NCHWc, the weight
 * is reordered in the graph (a Reshape, Transpose, Reshape: the weights are graph inputs that
 * change every step), and the output is reordered back to NCHW.
 *
 * <p>Why: ONNX Runtime only applies its own NCHWc rewrite to convolutions whose weight is a
 * constant, so a train step, whose weights are inputs, ran the slower im2col convolution; the
 * blocked kernel takes any weight in its layout. The rewrite touches only graphs run by ONNX
 * Runtime's CPU provider: inference graphs keep weights as constants and get ONNX Runtime's
 * rewrite, and exported models stay standard ONNX.
 */
public final class NchwcConvs {

  /** The operator domain of ONNX Runtime's blocked-layout kernels. */
  public static final String DOMAIN = "com.microsoft.nchwc";

  private static volatile Integer blockSize;

  private NchwcConvs() {}

  /**
   * ONNX Runtime's NCHWc channel block on this CPU (8 with AVX2, 16 with AVX-512), or 0 when the
   * NCHWc kernels are not available. Measured once by reordering a 4-channel tensor, which
   * ReorderInput pads to one block.
   */
  public static int blockSize() {
    Integer b = blockSize;
    if (b == null) {
      b = probe();
      blockSize = b;
    }
    return b;
  }

  private static int probe() {
    try {
      Graph g = new Graph("nchwc_probe", List.of(ValueInfo.of("x", DataType.FLOAT, 1, 4, 1, 1)),
          List.of(new ValueInfo("y", DataType.FLOAT, null, null)),
          List.of(new Node("probe", "ReorderInput", DOMAIN, List.of("x"), List.of("y"), Map.of())), Map.of(),
          List.of());
      Model m = withDomain(Model.of(g));
      try (CompiledGraph c = CompiledGraph.compile(m, SessionConfig.defaults().withIntraOpThreads(1));
           OnnxTensor in = OnnxTensor.createTensor(OrtTensors.env(), new float[1][4][1][1]);
           OrtSession.Result r = c.run(Map.of("x", in))) {
        long[] shape = ((OnnxTensor) r.get(0)).getInfo().getShape();
        return (int) shape[1];
      }
    } catch (RuntimeException | ai.onnxruntime.OrtException e) {
      return 0;
    }
  }

  private static Model withDomain(Model m) {
    Map<String, Long> opsets = new LinkedHashMap<>(m.opsets());
    opsets.put(DOMAIN, 1L);
    return new Model(m.graph(), opsets, m.irVersion(), m.producerName(), m.producerVersion(), m.metadata());
  }

  /**
   * The most multiply-adds a convolution may gain by padding its channel counts to whole blocks
   * and still be rewritten: measured on the U-Net's 28-, 31- and 56-channel convolutions, the
   * blocked kernel on padded channels beat the plain one (the U-Net's CPU time per epoch fell
   * 1.10x), while a stem on RGB images (3 channels padded to 8, 2.7x the work) is slower blocked.
   */
  static final double MAX_PADDING = 1.5;

  /**
   * {@code model} with every float 2-D Conv of one group whose channel counts, padded to whole
   * blocks of {@code block}, cost at most {@link #MAX_PADDING} times the multiply-adds, run by the
   * NCHWc kernels; the model itself when none qualifies or {@code block} is 0. A convolution
   * qualifies by its weight's shape alone: the input's channel count follows from it, so the
   * input-gradient convolutions of a backward pass, whose input shapes shape inference does not
   * always know, are rewritten too. Padded channels are zeros in the input and the weight, and
   * the output reorder crops them. Convolutions of fewer input channels than a block (a stem on
   * RGB images) stay plain: measured on 64x3x32x32, the NCHWc kernel's unblocked-input path and
   * the output reorder took twice the time of the plain kernel.
   */
  public static Model apply(Model model, int block) {
    if (block <= 0) {
      return model;
    }
    Graph g = model.graph();
    Map<String, ValueInfo> infos = ShapeInference.infer(g, ShapeRules.defaults());
    List<Node> nodes = new ArrayList<>();
    Map<String, Tensor> inits = new LinkedHashMap<>(g.initializers());
    Map<String, String> reorderedInputs = new HashMap<>();
    Map<String, String> reorderedWeights = new HashMap<>();
    int[] counter = {0};
    boolean changed = false;
    for (Node n : g.nodes()) {
      long[] ws = n.opType().equals("Conv") && n.domain().isEmpty() ? dims(infos, n.input(1)) : null;
      if (ws == null || !qualifies(n, infos, ws, block)) {
        nodes.add(n);
        continue;
      }
      changed = true;
      long o = ws[0];
      long i = ws[1];
      long op = roundUp(o, block);
      long ip = roundUp(i, block);
      String x = reorderedInputs.get(n.input(0));
      if (x == null) {
        String in = n.input(0);
        if (i % 4 != 0) {
          // ReorderInput pads the channels to a whole block itself, but only from a multiple of 4
          in = pad(nodes, inits, counter, in, new long[] {0, 0, 0, 0, 0, roundUp(i, 4) - i, 0, 0}, "x_pad");
        }
        x = fresh(counter, "x");
        nodes.add(new Node(x, "ReorderInput", DOMAIN, List.of(in), List.of(x), Map.of()));
        reorderedInputs.put(n.input(0), x);
      }
      String w = reorderedWeights.get(n.input(1));
      if (w == null) {
        String padded = n.input(1);
        if (op != o || ip != i) {
          padded = pad(nodes, inits, counter, padded, new long[] {0, 0, 0, 0, op - o, ip - i, 0, 0}, "w_pad");
        }
        // OIHW to OIHWBiBo: [O/B, I/B, kh, kw, B(in), B(out)], seen by the kernel as [O, I, kh, kw]
        long[] split = {op / block, block, ip / block, block, ws[2], ws[3]};
        String splitShape = fresh(counter, "split_shape");
        inits.put(splitShape, Tensor.ofLongs(split, split.length));
        String wideShape = fresh(counter, "w_shape");
        inits.put(wideShape, Tensor.ofLongs(new long[] {op, ip, ws[2], ws[3]}, 4));
        String s = fresh(counter, "w_split");
        nodes.add(new Node(s, "Reshape", "", List.of(padded, splitShape), List.of(s), Map.of()));
        String t = fresh(counter, "w_t");
        nodes.add(new Node(t, "Transpose", "", List.of(s), List.of(t),
            Map.of("perm", Attribute.of("perm", new long[] {0, 2, 4, 5, 3, 1}))));
        w = fresh(counter, "w");
        nodes.add(new Node(w, "Reshape", "", List.of(t, wideShape), List.of(w), Map.of()));
        reorderedWeights.put(n.input(1), w);
      }
      List<String> in = new ArrayList<>(List.of(x, w));
      if (n.hasInput(2)) {
        in.add(op == o ? n.input(2) : pad(nodes, inits, counter, n.input(2), new long[] {0, op - o}, "b_pad"));
      }
      Map<String, Attribute> a = new LinkedHashMap<>();
      for (String name : List.of("kernel_shape", "pads", "strides", "dilations", "group")) {
        Attribute at = n.attr(name);
        if (at != null) {
          a.put(name, at);
        }
      }
      String y = fresh(counter, "y");
      nodes.add(new Node(n.name() + "_nchwc", "Conv", DOMAIN, in, List.of(y), a));
      // the channels attribute crops the padded output channels
      nodes.add(new Node(n.name() + "_nchwc_out", "ReorderOutput", DOMAIN, List.of(y), List.of(n.output(0)),
          Map.of("channels", Attribute.of("channels", o))));
    }
    if (!changed) {
      return model;
    }
    Graph rewritten = new Graph(g.name(), g.inputs(), g.outputs(), nodes, inits, g.valueInfo());
    return withDomain(model.withGraph(rewritten));
  }

  private static boolean qualifies(Node n, Map<String, ValueInfo> infos, long[] ws, int block) {
    ValueInfo w = infos.get(n.input(1));
    if (w == null || w.type() != DataType.FLOAT || ws.length != 4 || n.outputs().size() != 1) {
      return false;
    }
    for (long d : ws) {
      if (d <= 0) {
        return false;
      }
    }
    if (n.attrLong("group", 1) != 1 || !n.attrString("auto_pad", "NOTSET").equals("NOTSET")) {
      return false;
    }
    long[] xs = dims(infos, n.input(0));
    if (xs != null && (xs.length != 4 || xs[1] >= 0 && xs[1] != ws[1])) {
      return false;
    }
    if (ws[1] < block) {
      return false;
    }
    double padded = (double) roundUp(ws[0], block) * roundUp(ws[1], block);
    return padded <= MAX_PADDING * ws[0] * ws[1];
  }

  private static String pad(List<Node> nodes, Map<String, Tensor> inits, int[] counter, String value, long[] pads,
      String what) {
    String amounts = fresh(counter, what + "_amounts");
    inits.put(amounts, Tensor.ofLongs(pads, pads.length));
    String out = fresh(counter, what);
    nodes.add(new Node(out, "Pad", "", List.of(value, amounts), List.of(out), Map.of()));
    return out;
  }

  private static long roundUp(long v, long multiple) {
    return (v + multiple - 1) / multiple * multiple;
  }

  private static long[] dims(Map<String, ValueInfo> infos, String value) {
    ValueInfo v = infos.get(value);
    return v == null ? null : v.dims();
  }

  private static String fresh(int[] counter, String what) {
    return "nchwc/" + what + "_" + counter[0]++;
  }
}
