package dev.fastj.nn;

import java.util.List;

/**
 * A model that takes several inputs, such as fastai's {@code TabularModel.forward(x_cat, x_cont)}:
 * the backend hands it one {@link Var} per input the data loaders describe
 * ({@link dev.fastj.data.DataLoaders#inputSpecs()}), in that order.
 */
public interface MultiInputModule extends Module {

  /** Emits the model applied to {@code inputs} and returns its output. */
  Var forward(Emitter e, List<Var> inputs);

  /** The model on a single input. */
  @Override
  default Var forward(Emitter e, Var x) {
    return forward(e, List.of(x));
  }
}
