package dev.fastj.samples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.TinySegmentation;
import dev.fastj.samples.serve.ImageModel;
import dev.fastj.samples.serve.ModelServer;
import dev.fastj.samples.web.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The serve page of a U-Net in a real browser: the mask drawn over the image, bars of the pixels per code. */
class SegmentationServePageTest {

  @Test
  void uploadingAnImage_drawsItsMaskOverItAndTheShareOfEachCode() throws Exception {
    Path image = TinySegmentation.data().resolve("images/img21.png");
    Prediction want;
    try (Learner learn = Learner.load(TinySegmentation.model())) {
      want = learn.predict(image);
    }
    long[] counts = want.mask().counts(TinySegmentation.CODES.size());
    try (ModelServer server = ModelServer.start(new ImageModel(TinySegmentation.model()),
        ModelServer.Options.defaults(), "127.0.0.1", 0); Browser b = new Browser()) {
      b.driver.get("http://127.0.0.1:" + server.port() + "/");
      b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model"), "seg.fastj"));
      b.driver.findElement(By.id("file")).sendKeys(image.toAbsolutePath().toString());
      b.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("mask")));
      assertThat(b.driver.findElement(By.id("label")).getText()).isEqualTo(want.label());
      assertThat(b.driver.findElement(By.id("probability")).getText()).startsWith("mask 32×32");
      assertThat(b.driver.findElements(By.cssSelector("#bars .bar"))).hasSize(3);
      // the page decoded the PNG to the codes the model predicted, pixel for pixel in count
      JsonNode drawn = Json.MAPPER.readTree(b.driver.findElement(By.id("mask")).getAttribute("data-codes"));
      for (int c = 0; c < counts.length; c++) {
        assertThat(drawn.has(Integer.toString(c)) ? drawn.get(Integer.toString(c)).asLong() : 0L).as("code %s", c)
            .isEqualTo(counts[c]);
      }
      b.screenshot("serve-mask.png");
    }
  }
}
