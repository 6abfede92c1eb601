/**
 * Hyper-parameter schedules as fastai defines them: {@link dev.fastj.learner.schedule.Schedule}
 * (SchedLin, SchedCos, SchedExp, combine_scheds, combined_cos), driven per batch by
 * {@link dev.fastj.callback.ParamScheduler}.
 */
package dev.fastj.learner.schedule;
