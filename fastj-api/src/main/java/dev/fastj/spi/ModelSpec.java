package dev.fastj.spi;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.fastj.nn.Loss;
import dev.fastj.nn.Module;
import dev.fastj.optim.OptimizerSpec;
import java.util.Arrays;

/**
 * What a backend compiles: a model, the shape of one input item (without the batch dimension),
 * the loss, the optimizer and the seed for initial weights.
 */
public record ModelSpec(Module model, long[] inputShape, Loss loss, OptimizerSpec optimizer, long seed, Device device) {

  public ModelSpec {
    checkNotNull(model, "model");
    checkNotNull(loss, "loss");
    checkNotNull(optimizer, "optimizer");
    checkNotNull(device, "device");
    checkArgument(inputShape.length > 0, "inputShape needs at least one dimension");
    for (long d : inputShape) {
      checkArgument(d > 0, "inputShape %s has a non-positive dimension", Arrays.toString(inputShape));
    }
    inputShape = inputShape.clone();
  }

  public static ModelSpec of(Module model, long[] inputShape, Loss loss, OptimizerSpec optimizer) {
    return new ModelSpec(model, inputShape, loss, optimizer, 42, Device.cpu());
  }

  public ModelSpec withSeed(long s) {
    return new ModelSpec(model, inputShape, loss, optimizer, s, device);
  }

  public ModelSpec withDevice(Device d) {
    return new ModelSpec(model, inputShape, loss, optimizer, seed, d);
  }

  public ModelSpec withOptimizer(OptimizerSpec o) {
    return new ModelSpec(model, inputShape, loss, o, seed, device);
  }
}
