package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.callback.Callback;
import dev.fastj.callback.CancelBatchException;
import dev.fastj.callback.CancelEpochException;
import dev.fastj.callback.CancelFitException;
import dev.fastj.callback.CancelTrainException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CallbackEventsTest {

  /** Logs every event with its phase; an optional action runs at a chosen event. */
  static final class Logger implements Callback {
    final List<String> log = new ArrayList<>();
    final String name;
    final int order;
    final String trigger;
    final Consumer<FitState> action;

    Logger(String name, int order, String trigger, Consumer<FitState> action) {
      this.name = name;
      this.order = order;
      this.trigger = trigger;
      this.action = action;
    }

    Logger(List<String> shared, String name, int order) {
      this(name, order, null, null);
      sharedLog = shared;
    }

    List<String> sharedLog;

    private void on(String event, FitState s) {
      (sharedLog != null ? sharedLog : log).add(sharedLog != null ? name + ":" + event : event);
      if (event.equals(trigger)) {
        action.accept(s);
      }
    }

    @Override public int order() { return order; }
    @Override public void beforeFit(FitState s) { on("before_fit", s); }
    @Override public void beforeEpoch(FitState s) { on("before_epoch", s); }
    @Override public void beforeTrain(FitState s) { on("before_train", s); }
    @Override public void beforeBatch(FitState s) { on("before_batch", s); }
    @Override public void afterPred(FitState s) { on("after_pred", s); }
    @Override public void afterLoss(FitState s) { on("after_loss", s); }
    @Override public void afterBatch(FitState s) { on("after_batch", s); }
    @Override public void afterTrain(FitState s) { on("after_train", s); }
    @Override public void beforeValidate(FitState s) { on("before_validate", s); }
    @Override public void afterValidate(FitState s) { on("after_validate", s); }
    @Override public void afterEpoch(FitState s) { on("after_epoch", s); }
    @Override public void afterFit(FitState s) { on("after_fit", s); }
    @Override public void afterCancelBatch(FitState s) { on("after_cancel_batch", s); }
    @Override public void afterCancelTrain(FitState s) { on("after_cancel_train", s); }
    @Override public void afterCancelValidate(FitState s) { on("after_cancel_validate", s); }
    @Override public void afterCancelEpoch(FitState s) { on("after_cancel_epoch", s); }
    @Override public void afterCancelFit(FitState s) { on("after_cancel_fit", s); }
  }

  private static final List<String> BATCH = List.of("before_batch", "after_pred", "after_loss", "after_batch");

  private static FakeData twoTrainOneValid() {
    return FakeData.regression(3, 1, 8, 4, 4, 1);
  }

  @Test
  void fit_firesFastaiEventsInOrder() {
    FakeBackend backend = new FakeBackend();
    Logger cb = new Logger("l", 0, null, null);
    try (Learner learn = Fixtures.learner(twoTrainOneValid(), backend).build()) {
      learn.fit(1, 1e-3, cb);
    }
    List<String> expected = new ArrayList<>(List.of("before_fit", "before_epoch", "before_train"));
    expected.addAll(BATCH);
    expected.addAll(BATCH);
    expected.addAll(List.of("after_train", "before_validate"));
    expected.addAll(BATCH);
    expected.addAll(List.of("after_validate", "after_epoch", "after_fit"));
    assertThat(cb.log).containsExactlyElementsOf(expected);
  }

  @Test
  void callbacks_runByOrderThenInsertion() {
    List<String> shared = new ArrayList<>();
    Logger late = new Logger(shared, "late", 70);
    Logger early = new Logger(shared, "early", -5);
    Logger mid = new Logger(shared, "mid", 0);
    try (Learner learn = Fixtures.learner(twoTrainOneValid(), new FakeBackend()).build()) {
      learn.fit(1, 1e-3, late, early, mid);
    }
    assertThat(shared.subList(0, 3)).containsExactly("early:before_fit", "mid:before_fit", "late:before_fit");
  }

  @Test
  void cancelBatch_skipsStepButFiresAfterCancelAndAfterBatch() {
    FakeBackend backend = new FakeBackend();
    Logger cb = new Logger("l", 0, "before_batch", s -> {
      if (s.training() && s.iter() == 0) throw new CancelBatchException();
    });
    try (Learner learn = Fixtures.learner(twoTrainOneValid(), backend).build()) {
      learn.fit(1, 1e-3, cb);
    }
    assertThat(cb.log.subList(3, 6)).containsExactly("before_batch", "after_cancel_batch", "after_batch");
    assertThat(backend.last.hypers).hasSize(1);
  }

  @Test
  void cancelTrain_stillValidates() {
    Logger cb = new Logger("l", 0, "after_batch", s -> {
      if (s.training()) throw new CancelTrainException();
    });
    try (Learner learn = Fixtures.learner(twoTrainOneValid(), new FakeBackend()).build()) {
      learn.fit(1, 1e-3, cb);
    }
    assertThat(cb.log).containsSubsequence("after_batch", "after_cancel_train", "after_train", "before_validate",
        "after_validate", "after_epoch");
  }

  @Test
  void cancelEpoch_movesToNextEpoch() {
    FakeBackend backend = new FakeBackend();
    Logger cb = new Logger("l", 0, "before_train", s -> {
      throw new CancelEpochException();
    });
    try (Learner learn = Fixtures.learner(twoTrainOneValid(), backend).build()) {
      learn.fit(2, 1e-3, cb);
    }
    assertThat(cb.log).containsExactly("before_fit", "before_epoch", "before_train", "after_cancel_epoch",
        "after_epoch", "before_epoch", "before_train", "after_cancel_epoch", "after_epoch", "after_fit");
    assertThat(backend.last.hypers).isEmpty();
  }

  @Test
  void cancelFit_endsWithAfterCancelFitAndAfterFit() {
    // order 55: after the Recorder (50) has added the epoch's row
    Logger cb = new Logger("l", 55, "after_epoch", s -> {
      throw new CancelFitException();
    });
    try (Learner learn = Fixtures.learner(twoTrainOneValid(), new FakeBackend()).build()) {
      learn.fit(5, 1e-3, cb);
      assertThat(learn.recorder().rows()).hasSize(1);
    }
    assertThat(cb.log.subList(cb.log.size() - 3, cb.log.size()))
        .containsExactly("after_epoch", "after_cancel_fit", "after_fit");
  }

  @Test
  void runValidFalse_skipsBatchEventsWhileValidating() {
    List<Boolean> phases = new ArrayList<>();
    Callback trainOnly = new Callback() {
      @Override public boolean runValid() { return false; }
      @Override public void beforeBatch(FitState s) { phases.add(s.training()); }
    };
    try (Learner learn = Fixtures.learner(twoTrainOneValid(), new FakeBackend()).build()) {
      learn.fit(1, 1e-3, trainOnly);
    }
    assertThat(phases).containsExactly(true, true);
  }

  @Test
  void callback_canChangeLrForNextStep() {
    FakeBackend backend = new FakeBackend();
    Callback halve = new Callback() {
      @Override public void beforeBatch(FitState s) { s.hypers().set(HyperParam.LR, 0.5e-3); }
    };
    try (Learner learn = Fixtures.learner(twoTrainOneValid(), backend).build()) {
      learn.fit(1, 1e-3, halve);
    }
    assertThat(backend.last.hypers.get(0).lr()).containsOnly(0.5e-3);
  }
}
