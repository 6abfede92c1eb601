package dev.fastj.samples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fastj.samples.TinyFashion;
import dev.fastj.samples.clean.CleanServer;
import dev.fastj.samples.clean.Cleaner;
import dev.fastj.samples.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The cleaner page in a real browser: relabel one image, delete another, apply, check the disk, undo. */
class CleanPageTest {

  @Test
  void relabelAndDelete_thenApply_changeTheDiskAndTheJournal_andUndoRestores(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    TinyFashion.copyTree(TinyFashion.data(), data);
    Cleaner cleaner = Cleaner.open(data, TinyFashion.model(), 0.2, 42, System.out::println);
    try (CleanServer server = CleanServer.start(cleaner, "127.0.0.1", 0); Browser b = new Browser()) {
      Thread losses = new Thread(() -> cleaner.computeLosses(line -> {}));
      losses.start();
      b.driver.get("http://127.0.0.1:" + server.port() + "/");
      b.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#items .item"), 48));
      losses.join();
      assertThat(new Select(b.driver.findElement(By.id("label"))).getFirstSelectedOption().getText()).isEqualTo("Bag");
      assertThat(b.driver.findElement(By.id("progress")).getText()).isEqualTo("168 images scored");
      List<WebElement> items = b.driver.findElements(By.cssSelector("#items .item"));
      String relabelled = items.get(0).getAttribute("data-id");
      String deleted = items.get(1).getAttribute("data-id");
      assertThat(items.get(0).findElement(By.className("label")).getText()).isEqualTo("label Bag");
      assertThat(items.get(0).findElement(By.className("loss")).getText()).startsWith("loss ");
      new Select(items.get(0).findElement(By.className("choice"))).selectByVisibleText("move to Sneaker");
      new Select(items.get(1).findElement(By.className("choice"))).selectByVisibleText("delete");
      WebElement apply = b.driver.findElement(By.id("apply"));
      assertThat(apply.getText()).isEqualTo("Apply 2 changes");
      b.screenshot("clean.png");
      apply.click();
      b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("done"), "applied"));
      b.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#items .item"), 46));

      String name = Path.of(relabelled).getFileName().toString();
      assertThat(data.resolve(relabelled)).doesNotExist();
      assertThat(data.resolve("train/Sneaker").resolve(name)).exists();
      assertThat(data.resolve(deleted)).doesNotExist();
      assertThat(data.resolve(".fastj-trash").resolve(deleted)).exists();
      JsonNode apply1 = Json.MAPPER.readTree(data.resolve(".fastj-trash/journal.json").toFile()).get("applies").get(0);
      assertThat(apply1.get("state").asText()).isEqualTo("done");
      assertThat(apply1.get("moves").get(0).get("from").asText()).isEqualTo(relabelled);
      assertThat(apply1.get("moves").get(0).get("to").asText()).isEqualTo("train/Sneaker/" + name);
      assertThat(apply1.get("moves").get(0).get("label").asText()).isEqualTo("Sneaker");
      assertThat(apply1.get("moves").get(1).get("action").asText()).isEqualTo("delete");
      assertThat(apply1.get("moves").get(1).get("to").asText()).isEqualTo(".fastj-trash/" + deleted);

      b.driver.findElement(By.id("undo")).click();
      b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("done"), "undone"));
      b.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#items .item"), 48));
      assertThat(data.resolve(relabelled)).exists();
      assertThat(data.resolve(deleted)).exists();
      assertThat(data.resolve("train/Sneaker").resolve(name)).doesNotExist();
      assertThat(Files.list(data.resolve(".fastj-trash")).map(p -> p.getFileName().toString()))
          .contains("journal.json");
      assertThat(Json.MAPPER.readTree(data.resolve(".fastj-trash/journal.json").toFile()).get("applies").get(0)
          .get("state").asText()).isEqualTo("undone");
    }
  }
}
