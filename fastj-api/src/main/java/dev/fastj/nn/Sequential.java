package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkPositionIndexes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code nn.Sequential}: applies its children in order, child {@code i} in the naming scope
 * {@code "i"}, so parameter names follow PyTorch's state dict ({@code 0.4.1.conv1.weight} is child 0,
 * its child 4, its child 1, then {@code conv1.weight}).
 *
 * <pre>{@code
 * Sequential mlp = Sequential.of(Linear.of(64, 100), ReLU.create(), Linear.of(100, 10));
 * Sequential model = Sequential.of(body, head);      // fastai's model: body is [0], head is [1]
 * }</pre>
 *
 * @param children the layers, applied in order
 */
public record Sequential(List<Module> children) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public Sequential {
    checkArgument(children != null, "Sequential children are null");
    for (int i = 0; i < children.size(); i++) {
      checkArgument(children.get(i) != null, "Sequential child %s is null", i);
    }
    children = List.copyOf(children);
  }

  /** {@code nn.Sequential(children...)}. */
  public static Sequential of(Module... children) {
    return new Sequential(Arrays.asList(children));
  }

  /** {@code nn.Sequential(*children)}. */
  public static Sequential of(List<? extends Module> children) {
    return new Sequential(new ArrayList<>(children));
  }

  /** Child {@code i} ({@code seq[i]}). */
  public Module get(int i) {
    checkElementIndex(i, children.size(), "Sequential child");
    return children.get(i);
  }

  /** Number of children ({@code len(seq)}). */
  public int size() {
    return children.size();
  }

  /**
   * Children {@code from} (inclusive) to {@code to} (exclusive), as {@code seq[from:to]}. Their
   * parameter names restart at 0 when the slice is used as a model of its own.
   */
  public Sequential slice(int from, int to) {
    checkPositionIndexes(from, to, children.size());
    return new Sequential(children.subList(from, to));
  }

  /** A copy with {@code more} appended. */
  public Sequential append(Module... more) {
    List<Module> all = new ArrayList<>(children);
    all.addAll(Arrays.asList(more));
    return new Sequential(all);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Var cur = x;
    for (int i = 0; i < children.size(); i++) {
      Module child = children.get(i);
      Var in = cur;
      cur = e.scoped(Integer.toString(i), () -> child.forward(e, in));
    }
    return cur;
  }

  @Override
  public String describe() {
    StringBuilder s = new StringBuilder("Sequential(");
    for (int i = 0; i < children.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(children.get(i).describe());
    }
    return s.append(')').toString();
  }
}
