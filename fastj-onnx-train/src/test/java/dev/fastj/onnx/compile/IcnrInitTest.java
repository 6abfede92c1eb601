package dev.fastj.onnx.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.nn.Init;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** fastai's {@code icnr_init}: each group of scale^2 output channels shares one kaiming-normal kernel. */
class IcnrInitTest {

  @Test
  void draw_repeatsOneKernelPerGroupOfFourChannels_withKaimingStd() {
    int groups = 300;
    int in = 6;
    float[] w = new InitialValues(5).draw(new Init.Icnr(in, 2), new long[] {groups * 4, in, 1, 1}).toFloats();
    double sq = 0;
    for (int g = 0; g < groups; g++) {
      float[] first = Arrays.copyOfRange(w, g * 4 * in, g * 4 * in + in);
      for (int j = 1; j < 4; j++) {
        assertThat(Arrays.copyOfRange(w, (g * 4 + j) * in, (g * 4 + j + 1) * in)).containsExactly(first);
      }
      if (g > 0) {
        assertThat(first).isNotEqualTo(Arrays.copyOfRange(w, (g - 1) * 4 * in, (g - 1) * 4 * in + in));
      }
      for (float v : first) {
        sq += v * v;
      }
    }
    // kaiming normal over fan in 6: std sqrt(2/6) = 0.577; 1,800 draws give it within about 2%
    assertThat(Math.sqrt(sq / (groups * in))).isCloseTo(Math.sqrt(2.0 / in), org.assertj.core.data.Offset.offset(0.03));
  }

  @Test
  void draw_channelsNotAMultipleOfTheGroup_isRefusedWithTheShape() {
    assertThatThrownBy(() -> new InitialValues(1).draw(new Init.Icnr(3, 2), new long[] {6, 3, 1, 1}))
        .hasMessageContaining("multiple of 4").hasMessageContaining("[6, 3, 1, 1]");
  }
}
