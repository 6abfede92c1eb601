package dev.fastj.callback;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.learner.FitState;
import dev.fastj.learner.HyperParam;
import dev.fastj.learner.Moms;
import dev.fastj.learner.OneCycle;
import dev.fastj.learner.schedule.Schedule;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Sets hyper-parameters from schedules before every training batch, at the fit's position
 * {@link FitState#pctTrain()}: fastai's {@code ParamScheduler} (order 60, not run during
 * validation). Each hyper-parameter has one schedule for all parameter groups or one per group;
 * {@code fitOneCycle} builds one schedule per group from the discriminative learning rates.
 *
 * <pre>{@code
 * learn.fit(2, 1e-3, new ParamScheduler(Map.of(HyperParam.LR, List.of(Schedule.cos(1e-3, 1e-5)))));
 * }</pre>
 */
public class ParamScheduler implements Callback {

  private final Map<HyperParam, List<Schedule>> scheds;

  /** Schedules per hyper-parameter: a list of one (all groups) or one per parameter group. */
  public ParamScheduler(Map<HyperParam, List<Schedule>> scheds) {
    checkArgument(!scheds.isEmpty(), "ParamScheduler needs at least one schedule");
    Map<HyperParam, List<Schedule>> copy = new EnumMap<>(HyperParam.class);
    scheds.forEach((k, v) -> {
      checkArgument(!v.isEmpty(), "no schedule given for %s", k);
      copy.put(k, List.copyOf(v));
    });
    this.scheds = copy;
  }

  /**
   * fastai's {@code fit_one_cycle} schedules: per group, the learning rate follows
   * {@code combined_cos(pct_start, lr_max/div, lr_max, lr_max/div_final)}; the momentum follows
   * {@code combined_cos(pct_start, *moms)}.
   */
  public static ParamScheduler oneCycle(double[] lrMax, OneCycle o) {
    List<Schedule> lrs = new ArrayList<>();
    for (double m : lrMax) {
      lrs.add(Schedule.combinedCos(o.pctStart(), m / o.div(), m, m / o.divFinal()));
    }
    Moms moms = o.moms();
    Schedule mom = Schedule.combinedCos(o.pctStart(), moms.start(), moms.middle(), moms.end());
    return new ParamScheduler(Map.of(HyperParam.LR, lrs, HyperParam.MOM, List.of(mom)));
  }

  /**
   * fastai's {@code fit_flat_cos} schedule: per group, {@code combined_cos(pct_start, lr, lr,
   * lr/div_final)}; momentum is not scheduled.
   */
  public static ParamScheduler flatCos(double[] lr, double pctStart, double divFinal) {
    List<Schedule> lrs = new ArrayList<>();
    for (double v : lr) {
      lrs.add(Schedule.combinedCos(pctStart, v, v, v / divFinal));
    }
    return new ParamScheduler(Map.of(HyperParam.LR, lrs));
  }

  /** fastai's order 60. */
  @Override
  public int order() {
    return 60;
  }

  @Override
  public boolean runValid() {
    return false;
  }

  @Override
  public void beforeBatch(FitState s) {
    update(s, s.pctTrain());
  }

  /** Sets every scheduled hyper-parameter to its value at {@code pos}. */
  protected void update(FitState s, double pos) {
    for (Map.Entry<HyperParam, List<Schedule>> e : scheds.entrySet()) {
      List<Schedule> list = e.getValue();
      int groups = s.hypers().groups();
      checkArgument(list.size() == 1 || list.size() == groups,
          "%s schedules given for %s but the learner has %s parameter groups", list.size(), e.getKey(), groups);
      double[] v = new double[list.size()];
      for (int g = 0; g < v.length; g++) {
        v[g] = list.get(g).at(pos);
      }
      s.hypers().set(e.getKey(), v);
    }
  }
}
