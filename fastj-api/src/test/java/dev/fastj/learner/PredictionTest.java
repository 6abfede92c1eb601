package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionTest {

  private final Prediction p = new Prediction("Sneaker", 2, new float[] {0.05f, 0.15f, 0.7f, 0.1f},
      List.of("Bag", "Sandal", "Sneaker", "Trouser"));

  @Test
  void toString_showsLabelIndexAndTopClassesByName() {
    assertThat(p.toString()).isEqualTo("Sneaker (index 2, 0.700); top: Sneaker 0.700, Sandal 0.150, "
        + "Trouser 0.100, Bag 0.050");
    assertThat(p.toString()).doesNotContain("[F@");
  }

  @Test
  void toString_elidesClassesBeyondFive() {
    float[] probs = new float[12];
    java.util.Arrays.fill(probs, 1f / 12);
    List<String> names = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "c" + i).toList();
    Prediction many = new Prediction("c0", 0, probs, names);
    assertThat(many.toString()).endsWith("c4 0.083, ... (12 classes)");
  }

  @Test
  void probabilities_areReadByClassName() {
    assertThat(p.probability("Sandal")).isEqualTo(0.15f);
    assertThat(p.probabilitiesByClass()).containsExactly(Map.entry("Bag", 0.05f), Map.entry("Sandal", 0.15f),
        Map.entry("Sneaker", 0.7f), Map.entry("Trouser", 0.1f));
    assertThat(p.top(2)).containsExactly(Map.entry("Sneaker", 0.7f), Map.entry("Sandal", 0.15f));
  }

  @Test
  void unknownClass_isRefusedWithTheClasses() {
    assertThatThrownBy(() -> p.probability("Dress")).hasMessageContaining("no class 'Dress'")
        .hasMessageContaining("[Bag, Sandal, Sneaker, Trouser]");
  }

  @Test
  void withoutClassNames_topUsesIndices_andByClassIsRefused() {
    Prediction bare = new Prediction("2", 1, new float[] {0.2f, 0.8f});
    assertThat(bare.top(1)).containsExactly(Map.entry("1", 0.8f));
    assertThatThrownBy(bare::probabilitiesByClass).hasMessageContaining("no class names");
  }

  @Test
  void classCountMustMatchOutputs() {
    assertThatThrownBy(() -> new Prediction("a", 0, new float[] {1f}, List.of("a", "b")))
        .hasMessageContaining("1 outputs but 2 class names");
  }

  @Test
  void equality_comparesProbabilityValues() {
    Prediction same = new Prediction("Sneaker", 2, new float[] {0.05f, 0.15f, 0.7f, 0.1f},
        List.of("Bag", "Sandal", "Sneaker", "Trouser"));
    assertThat(same).isEqualTo(p).hasSameHashCodeAs(p);
  }

  @Test
  void labels_ofAMultiLabelPrediction_areTheTagsOverItsThreshold_mostProbableFirst() {
    Prediction tags = new Prediction("Bag Trouser", 0, new float[] {0.9f, 0.2f, 0.19f, 0.35f},
        List.of("Bag", "Sandal", "Sneaker", "Trouser"), 0.2);
    assertThat(tags.isMultiLabel()).isTrue();
    // 0.2 itself is not over the threshold, as fastai's `probs > thresh`
    assertThat(tags.labels()).containsExactly(Map.entry("Bag", 0.9f), Map.entry("Trouser", 0.35f));
    Prediction none = new Prediction("", 0, new float[] {0.1f, 0.1f}, List.of("a", "b"), 0.5);
    assertThat(none.labels()).isEmpty();
  }

  @Test
  void labels_ofASingleLabelPrediction_isItsClass() {
    assertThat(p.isMultiLabel()).isFalse();
    assertThat(p.labels()).containsExactly(Map.entry("Sneaker", 0.7f));
    assertThat(p).isNotEqualTo(new Prediction(p.label(), p.index(), p.probabilities(), p.classes(), 0.5));
  }
}
