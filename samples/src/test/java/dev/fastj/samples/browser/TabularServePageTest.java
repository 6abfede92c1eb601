package dev.fastj.samples.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.TinyTables;
import dev.fastj.samples.serve.ModelServer;
import dev.fastj.samples.serve.ServedModel;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The serve page of a tabular model in a real browser: fill the form of its columns, submit, read the answer. */
class TabularServePageTest {

  @Test
  void fillingTheFormOfTheColumns_showsTheClassAndItsProbabilities() {
    Map<String, Object> row = new HashMap<>();
    row.put("pclass", "1");
    row.put("sex", "female");
    row.put("sibsp", "0");
    row.put("parch", "0");
    row.put("embarked", null);
    row.put("age", "29");
    row.put("fare", null);
    Prediction want;
    try (Learner learn = Learner.load(TinyTables.titanic())) {
      want = learn.predictItem(row);
    }
    try (ModelServer server = ModelServer.start(ServedModel.open(TinyTables.titanic()),
        ModelServer.Options.defaults(), "127.0.0.1", 0); Browser b = new Browser()) {
      b.driver.get("http://127.0.0.1:" + server.port() + "/");
      b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model"), "titanic.fastj"));
      assertThat(b.driver.findElement(By.id("model")).getText()).contains("2 classes of survived")
          .contains("7 columns");
      List<WebElement> inputs = b.driver.findElements(By.cssSelector("#fields [data-column]"));
      assertThat(inputs).extracting(e -> e.getAttribute("data-column"))
          .containsExactly("pclass", "sex", "sibsp", "parch", "embarked", "age", "fare");
      Select sex = new Select(field(b, "sex"));
      assertThat(sex.getOptions()).extracting(WebElement::getText).containsExactly("(missing)", "female", "male");
      new Select(field(b, "pclass")).selectByVisibleText("1");
      sex.selectByVisibleText("female");
      new Select(field(b, "sibsp")).selectByVisibleText("0");
      new Select(field(b, "parch")).selectByVisibleText("0");
      new Select(field(b, "embarked")).selectByVisibleText("(missing)");
      field(b, "age").sendKeys("29");
      field(b, "fare").clear();
      b.driver.findElement(By.id("submit")).click();
      b.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#bars .bar"), 2));
      assertThat(b.driver.findElement(By.id("label")).getText()).isEqualTo(want.label());
      assertThat(b.driver.findElement(By.id("probability")).getText())
          .isEqualTo(String.format(Locale.ROOT, "probability %.3f", want.probability()));
      List<WebElement> bars = b.driver.findElements(By.cssSelector("#bars .bar"));
      List<Map.Entry<String, Float>> top = want.top(2);
      for (int i = 0; i < bars.size(); i++) {
        assertThat(bars.get(i).getAttribute("data-class")).isEqualTo(top.get(i).getKey());
        assertThat(Double.parseDouble(bars.get(i).getAttribute("data-probability")))
            .isCloseTo(top.get(i).getValue(), within(1e-6));
      }
      assertThat(b.driver.findElement(By.id("request")).getAttribute("textContent")).isEqualTo(
          "{\"pclass\":\"1\",\"sex\":\"female\",\"sibsp\":\"0\",\"parch\":\"0\",\"embarked\":null,\"age\":29,"
              + "\"fare\":null}");
      b.screenshot("serve-tabular.png");
    }
  }

  @Test
  void aRegression_showsItsValue_andAColumnThatCannotBeMissingIsRequired() {
    Prediction want;
    try (Learner learn = Learner.load(TinyTables.regression())) {
      want = learn.predictItem(Map.of("g", "a", "x", "1.5"));
    }
    try (ModelServer server = ModelServer.start(ServedModel.open(TinyTables.regression()),
        ModelServer.Options.defaults(), "127.0.0.1", 0); Browser b = new Browser()) {
      b.driver.get("http://127.0.0.1:" + server.port() + "/");
      b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model"), "regression of y"));
      b.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-column='x']")));
      assertThat(field(b, "x").getAttribute("required")).as("x had no missing value: no fill").isEqualTo("true");
      new Select(field(b, "g")).selectByVisibleText("a");
      field(b, "x").sendKeys("1.5");
      b.driver.findElement(By.id("submit")).click();
      b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("label"), "y = "));
      String shown = b.driver.findElement(By.id("label")).getText();
      assertThat(Double.parseDouble(shown.substring("y = ".length()))).isCloseTo(want.probabilities()[0],
          within(1e-4));
    }
  }

  private static WebElement field(Browser b, String column) {
    return b.driver.findElement(By.cssSelector("#fields [data-column='" + column + "']"));
  }
}
