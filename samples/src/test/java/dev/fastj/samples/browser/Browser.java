package dev.fastj.samples.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver, with a fresh
 * profile and Chromium's background connections off (the machines have no internet). Both come
 * from {@code apt-get install chromium chromium-driver}, which {@code .ci/run} does when they are
 * missing; nothing is downloaded.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  final WebDriver driver;
  final WebDriverWait wait;
  private final Path profile;

  Browser() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException("the browser tests need " + CHROMIUM + " and " + DRIVER
          + "; install them with apt-get install chromium chromium-driver (.ci/run does)");
    }
    try {
      profile = Files.createTempDirectory("fastj-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Selenium looks for DevTools bindings of this Chromium version; the tests use none
    java.util.logging.Logger.getLogger("org.openqa.selenium.devtools").setLevel(java.util.logging.Level.SEVERE);
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1100,820");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, o);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /** Saves a screenshot to target/screenshots/NAME and, when FASTJ_SCREENSHOTS names a folder, there too. */
  void screenshot(String name) {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    try {
      Path dir = Files.createDirectories(Path.of("target", "screenshots"));
      Files.write(dir.resolve(name), png);
      String docs = System.getenv("FASTJ_SCREENSHOTS");
      if (docs != null) {
        Files.write(Files.createDirectories(Path.of(docs)).resolve(name), png);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temporary profile left behind is harmless
    }
  }
}
