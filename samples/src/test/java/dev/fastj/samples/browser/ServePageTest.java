package dev.fastj.samples.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.TinyFashion;
import dev.fastj.samples.serve.ImageModel;
import dev.fastj.samples.serve.ModelServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The serve page in a real browser: upload an image, read the class and the bars. */
class ServePageTest {

  @Test
  void uploadingAnImage_showsItsClassAndTheTopProbabilitiesAsBars() {
    Path image = TinyFashion.testImages(3).get(7);
    Prediction want;
    try (Learner learn = Learner.load(TinyFashion.model())) {
      want = learn.predict(image);
    }
    try (ModelServer server = ModelServer.start(new ImageModel(TinyFashion.model()), ModelServer.Options.defaults(),
        "127.0.0.1", 0); Browser b = new Browser()) {
      b.driver.get("http://127.0.0.1:" + server.port() + "/");
      b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model"), "tiny.fastj"));
      assertThat(b.driver.findElement(By.id("model")).getText()).contains("3 classes").contains("28×28 grey");
      b.driver.findElement(By.id("file")).sendKeys(image.toAbsolutePath().toString());
      b.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#bars .bar"), 3));
      assertThat(b.driver.findElement(By.id("label")).getText()).isEqualTo(want.label());
      assertThat(b.driver.findElement(By.id("probability")).getText())
          .isEqualTo(String.format(java.util.Locale.ROOT, "probability %.3f", want.probability()));
      List<WebElement> bars = b.driver.findElements(By.cssSelector("#bars .bar"));
      List<Map.Entry<String, Float>> top = want.top(5);
      for (int i = 0; i < bars.size(); i++) {
        WebElement bar = bars.get(i);
        assertThat(bar.getAttribute("data-class")).isEqualTo(top.get(i).getKey());
        assertThat(bar.findElement(By.className("name")).getText()).isEqualTo(top.get(i).getKey());
        assertThat(Double.parseDouble(bar.getAttribute("data-probability"))).isCloseTo(top.get(i).getValue(),
            within(1e-6));
        String width = bar.findElement(By.className("fill")).getAttribute("style");
        assertThat(width).contains(String.format(java.util.Locale.ROOT, "%.1f%%", 100 * top.get(i).getValue()));
      }
      WebElement preview = b.driver.findElement(By.cssSelector("#drop img"));
      assertThat(preview.getAttribute("src")).startsWith("blob:");
      b.screenshot("serve.png");

      // a file that is not an image: the page shows the server's error
      b.driver.findElement(By.id("file")).sendKeys(TinyFashion.model().toAbsolutePath().toString());
      b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
      assertThat(b.driver.findElement(By.id("error")).getText()).contains("content type");
    }
  }
}
