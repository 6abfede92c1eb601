package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import java.util.List;
import java.util.Map;

/**
 * Gradients of DepthToSpace (PyTorch's {@code PixelShuffle} is its {@code CRD} mode) and
 * SpaceToDepth. Both only move elements, so each gradient moves them back:
 *
 * <ul>
 *   <li>SpaceToDepth's inverse is DepthToSpace in {@code DCR} mode, the one whose channel index is
 *       {@code (i * b + j) * C + c} for block offset (i, j).
 *   <li>DepthToSpace {@code DCR}: its inverse is SpaceToDepth.
 *   <li>DepthToSpace {@code CRD} reads channel {@code c * b^2 + i * b + j}: SpaceToDepth gives the DCR
 *       order, and a transpose of the two channel factors ({@code [N, b^2, C, H, W]} to
 *       {@code [N, C, b^2, H, W]}) turns it into CRD. The reshapes take N, H and W from the
 *       gradient's shape at run time, so the batch and the image size may stay symbolic.
 * </ul>
 */
final class SpaceDepthRules {

  private SpaceDepthRules() {}

  static void register(GradientRules r) {
    r.register("DepthToSpace", SpaceDepthRules::depthToSpace);
    r.register("SpaceToDepth", (n, ctx) -> {
      if (ctx.needsGrad(0)) {
        ctx.addGradInput(0, ctx.builder().op("DepthToSpace", List.of(ctx.gradOutput(0)),
            Map.of("blocksize", n.attrLong("blocksize", 0), "mode", "DCR")));
      }
    });
  }

  private static void depthToSpace(Node n, GradContext ctx) {
    if (!ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    long block = n.attrLong("blocksize", 0);
    String dcr = b.op("SpaceToDepth", List.of(ctx.gradOutput(0)), Map.of("blocksize", block));
    String mode = n.attrString("mode", "DCR");
    if (mode.equals("DCR")) {
      ctx.addGradInput(0, dcr);
      return;
    }
    if (!mode.equals("CRD")) {
      throw new IllegalArgumentException("DepthToSpace node " + n.name() + " has mode '" + mode
          + "'; ONNX defines DCR and CRD only");
    }
    // [N, b^2, C, H, W] from the shape of dcr at run time: batch and image size may be symbolic
    String batch = b.op("Shape", List.of(dcr), Map.of("start", 0L, "end", 1L));
    String spatial = b.op("Shape", List.of(dcr), Map.of("start", 2L, "end", 4L));
    String target = b.op("Concat", List.of(batch, b.longs(block * block, -1), spatial), Map.of("axis", 0L));
    String split = b.op("Reshape", dcr, target);
    String crd = b.transpose(split, 0, 2, 1, 3, 4);
    ctx.addGradInput(0, b.op("Reshape", crd, b.op("Shape", dcr)));
  }
}
