package dev.fastj.samples.cli;

import static dev.fastj.samples.cli.CliTest.capture;
import static dev.fastj.samples.cli.CliTest.lastLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.text.TextDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fastj quickstart-text} end to end on 300 of the bundled messages (seed 42; 80/20 split; 64/128/2): the
 * language model, the classifier with gradual unfreezing, the files it writes, and the export loaded
 * again.
 */
class QuickstartTextCliTest {

  @Test
  void quickstartText_onASubset_beatsTheMajorityClass_andExportsALoadableModel(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("qs");
    String stdout = capture(() -> assertThat(Main.run(new String[] {"quickstart-text", "--out", out.toString(),
        "--items", "300", "--json"})).isZero());
    assertThat(stdout).contains("300 of its 3000 messages, drawn with seed 42")
        .contains("fine-tuning a language model on 300 messages").contains("perplexity")
        .contains("training a text classifier (ham, spam) on 240 messages, validating on 60")
        .contains("freeze_to(-2); fit_one_cycle(1, slice(").contains("unfreeze(); fit_one_cycle(4, slice(")
        .contains("confusion matrix").contains("predicting with it:");
    JsonNode json = new ObjectMapper().readTree(lastLine(stdout));
    double accuracy = json.get("accuracy").asDouble();
    assertThat(json.get("lm_perplexity").asDouble()).isPositive();
    assertThat(json.get("predictions")).hasSize(4);
    // 52 of the 60 validation messages are ham (0.867); measured 0.950 (3 spam taken for ham) in 87 s while
    // another run shared the cores, and 0.883 with --epochs 1
    assertThat(accuracy).isGreaterThanOrEqualTo(0.93);
    Path model = out.resolve("mail.fastj");
    assertThat(model).isRegularFile();
    assertThat(out.resolve("confusion_matrix.txt")).content().contains("ham").contains("spam");
    assertThat(out.resolve("top_losses.txt")).isNotEmptyFile();
    assertThat(Files.readAllLines(out.resolve("train.txt"))).hasSize(240);
    assertThat(Files.readAllLines(out.resolve("valid.txt"))).hasSize(60).allSatisfy(l -> assertThat(Path.of(l)).isRegularFile());
    try (Learner inf = Learner.load(model)) {
      Path spam = Files.list(TextDatasets.spamAssassin().resolve("spam")).sorted().findFirst().orElseThrow();
      Prediction p = inf.predict(spam);
      assertThat(p.classes()).containsExactly("ham", "spam");
      assertThat(p.probabilities()[0] + p.probabilities()[1]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-4f));
    }
  }
}
