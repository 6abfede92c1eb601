package dev.fastj.onnx.compile;

import dev.fastj.nn.Init;
import dev.fastj.onnx.graph.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws the initial values of parameters and buffers from their {@link Init}.
 *
 * <p>The generator is a {@link SplittableRandom} seeded with the model's seed; each declared
 * tensor draws from its own generator split off in declaration order, so a model emitted twice
 * with the same seed and the same layers gets bit-identical weights, and adding a layer at the
 * end never changes the weights of the layers before it. Normal values use
 * {@link SplittableRandom#nextGaussian()} (Java 17's polar method through RandomGenerator).
 */
public final class InitialValues {

  private final SplittableRandom root;

  /** A source of initial values for the model built with {@code seed}. */
  public InitialValues(long seed) {
    this.root = new SplittableRandom(seed);
  }

  /** The values of the next declared tensor of {@code shape}, drawn from {@code init}. */
  public Tensor draw(Init init, long[] shape) {
    SplittableRandom r = root.split();
    int n = Math.toIntExact(Tensor.numel(shape));
    float[] v = new float[n];
    // Java 17 has no pattern switch; Init is sealed, so the last branch is the only one left
    if (init instanceof Init.Constant c) {
      Arrays.fill(v, (float) c.value());
    } else if (init instanceof Init.Normal nrm) {
      fillNormal(r, v, nrm.std());
    } else if (init instanceof Init.TruncNormal t) {
      for (int i = 0; i < n; i++) {
        v[i] = (float) ((r.nextGaussian() % 2) * t.std());
      }
    } else if (init instanceof Init.KaimingNormal k) {
      fillNormal(r, v, k.std());
    } else if (init instanceof Init.Icnr icnr) {
      fillIcnr(r, v, shape, icnr);
    } else if (init instanceof Init.Uniform u) {
      for (int i = 0; i < n; i++) {
        v[i] = (float) ((r.nextDouble() * 2 - 1) * u.bound());
      }
    } else {
      throw new IllegalArgumentException("unknown Init " + init);
    }
    return Tensor.ofFloats(v, shape);
  }

  /** One kernel per group of scale^2 output channels (dimension 0), copied to the whole group. */
  private static void fillIcnr(SplittableRandom r, float[] v, long[] shape, Init.Icnr icnr) {
    int group = icnr.scale() * icnr.scale();
    if (shape.length < 2 || shape[0] % group != 0) {
      throw new IllegalArgumentException("ICNR init with scale " + icnr.scale() + " needs a weight whose output "
          + "channels are a multiple of " + group + ", got shape " + Arrays.toString(shape));
    }
    int kernel = (int) (v.length / shape[0]);
    for (int base = 0; base < v.length; base += kernel * group) {
      for (int i = 0; i < kernel; i++) {
        v[base + i] = (float) (r.nextGaussian() * icnr.std());
      }
      for (int j = 1; j < group; j++) {
        System.arraycopy(v, base, v, base + j * kernel, kernel);
      }
    }
  }

  private static void fillNormal(SplittableRandom r, float[] v, double std) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextGaussian() * std);
    }
  }
}
