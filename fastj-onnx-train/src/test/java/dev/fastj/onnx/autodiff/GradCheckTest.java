package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.GradCheck.randn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.onnx.graph.DataType;
import org.junit.jupiter.api.Test;

/** The harness itself: it must catch a wrong rule and say where. */
class GradCheckTest {

  @Test
  void wrongRule_isCaughtWithItsWorstElement() {
    GradientRules wrong = GradientRules.defaults()
        .register("Tanh", (n, ctx) -> ctx.addGradInput(0, ctx.gradOutput(0)));   // forgets 1 - y^2
    GradCheck check = GradCheck.of(b -> b.op("Tanh", "x")).rules(wrong).input("x", randn(1, 3, 4)).label("wrong Tanh");
    GradCheck.Report r = check.run();
    assertThat(r.worstError()).isGreaterThan(0.1);
    assertThat(r.worstInput()).isEqualTo("x");
    assertThat(r.worstIndex()).isBetween(0, 11);
    assertThatThrownBy(check::check).isInstanceOf(AssertionError.class).hasMessageContaining("wrong Tanh");
  }

  @Test
  void float32Fallback_isReported() {
    GradCheck.Report r = GradCheck.of(b -> b.op("Erf", "x")).input("x", randn(2, 5)).label("Erf").check();
    assertThat(r.precision()).isEqualTo(DataType.FLOAT);
    GradCheck.Report d = GradCheck.of(b -> b.op("Exp", "x")).input("x", randn(2, 5)).label("Exp").check();
    assertThat(d.precision()).isEqualTo(DataType.DOUBLE);
  }

  @Test
  void sampling_checksASubsetOfALargeInput() {
    GradCheck.Report r = GradCheck.of(b -> b.matMul("a", "w")).input("a", randn(3, 16, 32)).input("w", randn(4, 32, 8))
        .sample(12).label("MatMul sampled").check();
    assertThat(r.worstIndex()).isBetween(0, 16 * 32 - 1);
  }
}
