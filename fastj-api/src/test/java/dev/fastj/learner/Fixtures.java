package dev.fastj.learner;

import dev.fastj.callback.ProgressCallback;
import dev.fastj.nn.Emitter;
import dev.fastj.nn.Module;
import dev.fastj.nn.Var;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Shared builders for learner tests. */
final class Fixtures {

  /** The fake backend never emits the module; this one only names itself. */
  static final Module LINEAR = new Module() {
    @Override
    public Var forward(Emitter e, Var x) {
      return x;
    }

    @Override
    public String describe() {
      return "FakeLinear";
    }
  };

  /** Body (W, b, g) in group 0, head (h) in group 1: group 0 holds a norm parameter. */
  static final ParamSplitter TWO_GROUPS = name -> name.equals(FakeModel.H) ? 1 : 0;

  private Fixtures() {}

  static ProgressCallback quiet() {
    return new ProgressCallback(new PrintStream(new ByteArrayOutputStream()), false);
  }

  static LearnerBuilder learner(FakeData data, FakeBackend backend) {
    return Learner.builder(data, LINEAR).backend(backend).progress(quiet());
  }
}
