package dev.fastj.spi;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.fastj.data.InputSpec;
import dev.fastj.nn.Loss;
import dev.fastj.nn.Module;
import dev.fastj.nn.MultiInputModule;
import dev.fastj.optim.OptimizerSpec;
import java.util.HashSet;
import java.util.List;

/**
 * What a backend compiles: a model, its inputs (the shape of one item without the batch
 * dimension, and the element type, of each), the loss, the optimizer and the seed for initial
 * weights. A model with several inputs is a {@link MultiInputModule}.
 */
public record ModelSpec(Module model, List<InputSpec> inputs, Loss loss, OptimizerSpec optimizer, long seed,
    Device device) {

  public ModelSpec {
    checkNotNull(model, "model");
    checkNotNull(loss, "loss");
    checkNotNull(optimizer, "optimizer");
    checkNotNull(device, "device");
    checkArgument(inputs != null && !inputs.isEmpty(), "a model needs at least one input");
    inputs = List.copyOf(inputs);
    checkArgument(new HashSet<>(inputs.stream().map(InputSpec::name).toList()).size() == inputs.size(),
        "input names repeat in %s; give each input its own name", inputs);
    checkArgument(inputs.size() == 1 || model instanceof MultiInputModule, "%s takes one input but the data has %s "
        + "(%s); a model of several inputs implements MultiInputModule", model.describe(), inputs.size(), inputs);
  }

  /** A spec with one FLOAT32 input of {@code inputShape}. */
  public ModelSpec(Module model, long[] inputShape, Loss loss, OptimizerSpec optimizer, long seed, Device device) {
    this(model, List.of(InputSpec.of(checkNotNull(inputShape, "inputShape"))), loss, optimizer, seed, device);
  }

  public static ModelSpec of(Module model, long[] inputShape, Loss loss, OptimizerSpec optimizer) {
    return new ModelSpec(model, inputShape, loss, optimizer, 42, Device.cpu());
  }

  /** The shape of one item of the first input. */
  public long[] inputShape() {
    return inputs.get(0).shape();
  }

  public ModelSpec withSeed(long s) {
    return new ModelSpec(model, inputs, loss, optimizer, s, device);
  }

  public ModelSpec withDevice(Device d) {
    return new ModelSpec(model, inputs, loss, optimizer, seed, d);
  }

  public ModelSpec withOptimizer(OptimizerSpec o) {
    return new ModelSpec(model, inputs, loss, o, seed, device);
  }
}
