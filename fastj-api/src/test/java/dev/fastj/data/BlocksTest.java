package dev.fastj.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.nn.BCEWithLogitsLossFlat;
import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.nn.MSELossFlat;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.MaskBlock;
import dev.fastj.vision.MaskTensor;
import dev.fastj.vision.PointBlock;
import dev.fastj.vision.PointsTensor;
import dev.fastj.vision.image.ImageTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlocksTest {

  @Test
  void category_sortedVocab_encodesIndices_collatesInt64() {
    Block b = CategoryBlock.create().setup(List.of("dog", "cat", "dog", "ant"), List.of("cat"));
    assertThat(b.vocab()).containsExactly("ant", "cat", "dog");
    assertThat(b.encode("dog")).isEqualTo(2);
    TensorData t = b.collate(List.of(2, 0, 1));
    assertThat(t.dtype()).isEqualTo(TensorData.DType.INT64);
    assertThat(t.shape()).containsExactly(3);
    assertThat(t.toLongArray()).containsExactly(2, 0, 1);
    assertThat(b.outputCount(new long[0])).isEqualTo(3);
    assertThat(b.decode(new float[] {0.1f, 0.7f, 0.2f})).isEqualTo("cat");
    assertThat(b.loss()).isInstanceOf(CrossEntropyLossFlat.class);
  }

  @Test
  void category_labelOnlyInValidation_namesIt() {
    assertThatThrownBy(() -> CategoryBlock.create().setup(List.of("cat"), List.of("cat", "zebra")))
        .hasMessageContaining("'zebra'").hasMessageContaining("only in the validation set");
  }

  @Test
  void category_emptyLabel_isRejected() {
    assertThatThrownBy(() -> CategoryBlock.create().setup(List.of("cat", " "), List.of()))
        .hasMessageContaining("empty");
  }

  @Test
  void multiCategory_splitsOnDelimiter_oneHot_decodesAboveThreshold() {
    Block b = MultiCategoryBlock.create().setup(List.of("haze primary", "clear", List.of("water")), List.of("clear"));
    assertThat(b.vocab()).containsExactly("clear", "haze", "primary", "water");
    assertThat((float[]) b.encode("primary haze")).containsExactly(0f, 1f, 1f, 0f);
    assertThat((float[]) b.encode("")).containsExactly(0f, 0f, 0f, 0f);
    TensorData t = b.collate(List.of(b.encode("clear"), b.encode("water haze")));
    assertThat(t.shape()).containsExactly(2, 4);
    assertThat(t.toFloatArray()).containsExactly(1, 0, 0, 0, 0, 1, 0, 1);
    assertThat(b.decode(new float[] {0.9f, 0.2f, 0.6f, 0.5f})).isEqualTo("clear primary");
    assertThat(b.loss()).isInstanceOf(BCEWithLogitsLossFlat.class);
    Block semi = MultiCategoryBlock.create().withLabelDelim(";").setup(List.of("a;b"), List.of());
    assertThat(semi.vocab()).containsExactly("a", "b");
  }

  @Test
  void multiCategory_labelOnlyInValidation_namesIt() {
    assertThatThrownBy(() -> MultiCategoryBlock.create().setup(List.of("a b"), List.of("a c")))
        .hasMessageContaining("'c'");
  }

  @Test
  void regression_readsNumbers_collatesFloat32() {
    Block b = RegressionBlock.create();
    TensorData t = b.collate(List.of(b.encode(1.5), b.encode("2.5")));
    assertThat(t.shape()).containsExactly(2, 1);
    assertThat(t.toFloatArray()).containsExactly(1.5f, 2.5f);
    assertThat(b.loss()).isInstanceOf(MSELossFlat.class);
    assertThatThrownBy(() -> b.encode("abc")).hasMessageContaining("'abc'");
  }

  @Test
  void image_convertsChannels_andCollateNamesSizeMismatch() {
    ImageTensor rgb = new ImageTensor(new float[] {1, 0, 0, 1, 0, 0}, 3, 1, 2);
    ImageTensor grey = (ImageTensor) ImageBlock.grey().encode(rgb);
    assertThat(grey.channels()).isEqualTo(1);
    assertThat(grey.chw()[0]).isCloseTo(0.299f, org.assertj.core.data.Offset.offset(1e-6f));
    ImageTensor back = (ImageTensor) ImageBlock.create().encode(grey);
    assertThat(back.channels()).isEqualTo(3);
    ImageTensor other = new ImageTensor(new float[12], 3, 2, 2);
    assertThatThrownBy(() -> ImageBlock.create().collate(List.of(rgb, other)))
        .hasMessageContaining("3x2x2").hasMessageContaining("3x1x2").hasMessageContaining("Resize");
    TensorData t = ImageBlock.create().collate(List.of(rgb, rgb));
    assertThat(t.shape()).containsExactly(2, 3, 1, 2);
  }

  @Test
  void mask_codeOutOfRange_namesCode_collatesInt64() {
    MaskBlock b = MaskBlock.create(List.of("void", "road"));
    assertThatThrownBy(() -> b.encode(new MaskTensor(new int[] {0, 5}, 1, 2))).hasMessageContaining("code 5");
    TensorData t = b.collate(List.of(b.encode(new MaskTensor(new int[] {0, 1}, 1, 2))));
    assertThat(t.dtype()).isEqualTo(TensorData.DType.INT64);
    assertThat(t.shape()).containsExactly(1, 1, 2);
    assertThat(b.outputCount(new long[] {1, 2})).isEqualTo(2);
    assertThat(b.decode(new float[] {0.9f, 0.1f, 0.1f, 0.1f, 0.9f, 0.9f})).isEqualTo("road 67%, void 33%");
  }

  @Test
  void points_scaledToMinusOneOne_byImageSize() {
    PointBlock b = PointBlock.create();
    ImageTensor img = new ImageTensor(new float[3 * 10 * 20], 3, 10, 20);
    List<Object> sample = List.of(img, b.encode(new float[] {0, 0, 20, 5}));
    List<Object> sized = b.itemTfms().get(0).apply(sample, new TransformContext(false, new java.util.Random(0), "x"));
    PointsTensor p = (PointsTensor) sized.get(1);
    assertThat(p.width()).isEqualTo(20);
    assertThat(p.height()).isEqualTo(10);
    TensorData t = b.collate(List.of(p));
    assertThat(t.shape()).containsExactly(1, 4);
    assertThat(t.toFloatArray()).containsExactly(-1f, -1f, 1f, 0f);
    assertThat(b.outputCount(new long[] {4})).isEqualTo(4);
  }
}
