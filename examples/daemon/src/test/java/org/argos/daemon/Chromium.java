package org.argos.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The browser tests' headless Chromium (Debian's {@code chromium} and {@code chromium-driver}). */
final class Chromium {
  private Chromium() {}

  /** @return a headless Chromium, 1280×1000, with its profile under {@code dir} */
  static WebDriver start(Path dir) throws IOException {
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"), "--window-size=1280,1000");
    WebDriver driver = new ChromeDriver(o);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** Clicks a control that loads a new page and waits until the old page is gone and the new one loaded. */
  static void submit(WebDriver driver, By control) {
    WebElement e = driver.findElement(control);
    e.click();
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    // Chromium sometimes answers "Node with given id does not belong to the document" instead of "stale" while the
    // page is being replaced: ask again.
    wait.ignoring(WebDriverException.class).until(ExpectedConditions.stalenessOf(e));
    wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
  }
}
