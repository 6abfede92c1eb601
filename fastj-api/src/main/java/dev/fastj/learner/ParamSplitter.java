package dev.fastj.learner;

/**
 * Assigns each parameter, by its full dotted name, to a parameter group: fastai's
 * {@code splitter}. Groups are numbered from 0 (the earliest layers, frozen first by
 * {@link Learner#freeze()}); the Learner has as many groups as the largest index plus one, and
 * a group may be empty.
 *
 * <pre>{@code
 * ParamSplitter bodyHead = name -> name.startsWith("0.") ? 0 : 1;   // body, head
 * }</pre>
 */
@FunctionalInterface
public interface ParamSplitter {

  /** The group of the parameter named {@code paramName}. */
  int groupOf(String paramName);

  /** fastai's {@code trainable_params}: everything in one group. */
  static ParamSplitter single() {
    return name -> 0;
  }
}
