package dev.fastj.nn;

/**
 * How {@link Linear} and {@link Conv2d} initialise their weight and bias.
 *
 * <ul>
 *   <li>{@link #TORCH_DEFAULT}: PyTorch's {@code reset_parameters} (weight {@code kaiming_uniform_}
 *       with a = sqrt(5), i.e. Uniform(±1/sqrt(fanIn)); bias Uniform(±1/sqrt(fanIn))).
 *   <li>{@link #KAIMING_NORMAL}: fastai's {@code init_default(m, nn.init.kaiming_normal_)}, used by
 *       {@code ConvLayer} and by {@code apply_init} on a new head: weight Normal(0, sqrt(2/fanIn)),
 *       bias 0.
 *   <li>{@link #KAIMING_NORMAL_FAN_OUT}: torchvision's ResNet init ({@code kaiming_normal_(w,
 *       mode="fan_out", nonlinearity="relu")}): weight Normal(0, sqrt(2/fanOut)), bias 0.
 * </ul>
 */
public enum WeightInit {
  /** PyTorch's default: Uniform(±1/sqrt(fanIn)) weight and bias. */
  TORCH_DEFAULT,
  /** fastai's {@code kaiming_normal_} (fan in): Normal(0, sqrt(2/fanIn)) weight, zero bias. */
  KAIMING_NORMAL,
  /** torchvision's ResNet init (fan out): Normal(0, sqrt(2/fanOut)) weight, zero bias. */
  KAIMING_NORMAL_FAN_OUT;

  /**
   * The weight's initialiser. {@code fanIn} and {@code fanOut} follow PyTorch's
   * {@code _calculate_fan_in_and_fan_out}: size(1) and size(0) times the receptive field.
   */
  Init weight(long fanIn, long fanOut) {
    return switch (this) {
      case TORCH_DEFAULT -> Init.torchDefault(fanIn);
      case KAIMING_NORMAL -> new Init.KaimingNormal(fanIn, 0);
      // KaimingNormal's std is sqrt(2/n): passing fanOut as n gives mode="fan_out".
      case KAIMING_NORMAL_FAN_OUT -> new Init.KaimingNormal(fanOut, 0);
    };
  }

  /** The bias's initialiser. */
  Init bias(long fanIn) {
    return this == TORCH_DEFAULT ? Init.torchDefault(fanIn) : Init.zeros();
  }
}
