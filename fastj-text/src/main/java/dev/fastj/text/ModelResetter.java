package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.callback.Callback;
import dev.fastj.data.TensorData;
import dev.fastj.learner.FitState;
import dev.fastj.spi.TrainableModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code ModelResetter}: zeroes the hidden state a recurrent model carries from batch to
 * batch before each training phase, before each validation (an epoch's, or
 * {@code learn.validate()}), and after the fit, so that each starts from a clean state as fastai's
 * {@code model.reset()} does. {@link TextLearner#languageModel} adds one.
 *
 * @param stateBuffers the full names of the carried-state buffers (for an AWD-LSTM language
 *     model {@code 0.hidden.<layer>.h} and {@code .c})
 */
public record ModelResetter(List<String> stateBuffers) implements Callback {

  /** Checks and copies the names. */
  public ModelResetter {
    checkArgument(stateBuffers != null && !stateBuffers.isEmpty(), "ModelResetter needs the names of the state buffers");
    stateBuffers = List.copyOf(stateBuffers);
  }

  @Override
  public void beforeTrain(FitState s) {
    reset(s.learner().model());
  }

  @Override
  public void beforeValidate(FitState s) {
    reset(s.learner().model());
  }

  @Override
  public void afterFit(FitState s) {
    reset(s.learner().model());
  }

  /** Sets every state buffer of {@code model} to zeros. */
  public void reset(TrainableModel model) {
    Map<String, TensorData> all = model.stateDict(false);
    Map<String, TensorData> zeros = new LinkedHashMap<>();
    for (String n : stateBuffers) {
      TensorData t = all.get(n);
      checkArgument(t != null, "ModelResetter: the model has no buffer %s; its state holds %s", n, all.keySet());
      long[] shape = t.shape();
      zeros.put(n, TensorData.ofFloats(new float[Math.toIntExact(t.numel())], shape));
    }
    model.setBuffers(zeros);
  }
}
