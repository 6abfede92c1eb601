package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;

/**
 * {@code nn.PixelShuffle(scale)}: {@code [N, C * scale^2, H, W]} to {@code [N, C, H * scale, W * scale]},
 * output channel {@code c} taking input channels {@code c * scale^2} to {@code c * scale^2 + scale^2 - 1}.
 * Emits {@code DepthToSpace(x; blocksize=scale, mode="CRD")}, which is PyTorch's order.
 *
 * @param scale the upscale factor
 */
public record PixelShuffle(int scale) implements Module {

  /** Creates the layer, checking every value. */
  public PixelShuffle {
    checkArgument(scale > 0, "PixelShuffle scale must be positive, got %s", scale);
  }

  /** {@code nn.PixelShuffle(scale)}. */
  public static PixelShuffle of(int scale) {
    return new PixelShuffle(scale);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Shapes.checkRank(this, x, 4);
    if (x.shape() != null && x.dim(1) > 0) {
      checkArgument(x.dim(1) % ((long) scale * scale) == 0, "%s needs channels divisible by %s, got input %s",
          describe(), scale * scale, Shapes.str(x.shape()));
    }
    return e.op("DepthToSpace", List.of(x), Map.of("blocksize", (long) scale, "mode", "CRD"));
  }

  @Override
  public String describe() {
    return "PixelShuffle(upscale_factor=" + scale + ")";
  }
}
