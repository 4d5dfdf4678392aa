package io.taskoverflow.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.todo.testsupport.ApiClient;
import io.taskoverflow.todo.testsupport.TodoAppExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A person's path through the web page, in a real headless Chromium. */
@ExtendWith(TodoAppExtension.class)
class WebPageIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void openBrowser() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as("apt-get install chromium chromium-driver")
        .isTrue();
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory("chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    // The list is redrawn after every change, so an element found a moment ago may be gone.
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void create_complete_and_delete_a_todo_through_the_page(ApiClient api) {
    browser.get(api.base().toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("empty")));

    browser.findElement(By.id("title")).sendKeys("Buy milk");
    browser.findElement(By.id("description")).sendKeys("two litres");
    browser.findElement(By.id("add")).click();

    wait.until(ExpectedConditions.textToBe(By.cssSelector("#todos li .title"), "Buy milk"));
    assertThat(browser.findElement(By.cssSelector("#todos li .description")).getText())
        .isEqualTo("two litres");
    assertThat(api.get("api/v1/todos").json().findValuesAsText("title"))
        .containsExactly("Buy milk");

    browser.findElement(By.cssSelector("#todos li .complete")).click();
    wait.until(ExpectedConditions.attributeContains(By.cssSelector("#todos li"), "class", "done"));
    assertThat(api.get("api/v1/todos?completed=true").json()).hasSize(1);

    browser.findElement(By.cssSelector("#todos li .delete")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#todos li"), 0));
    assertThat(api.get("api/v1/todos").json()).isEmpty();
    assertThat(browser.findElement(By.id("empty")).isDisplayed()).isTrue();
  }

  @Test
  void a_rejected_todo_shows_the_api_error(ApiClient api) {
    browser.get(api.base().toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("empty")));
    // The input's maxlength stops typing at 80; remove it to send what a script could send.
    ((org.openqa.selenium.JavascriptExecutor) browser)
        .executeScript("document.getElementById('title').removeAttribute('maxlength')");
    browser.findElement(By.id("title")).sendKeys("x".repeat(81));
    browser.findElement(By.id("add")).click();

    WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
    assertThat(error.getText()).contains("title must be 1 to 80 characters long");
    assertThat(browser.findElements(By.cssSelector("#todos li"))).isEmpty();
    assertThat(List.of(api.get("api/v1/todos").json().size())).containsExactly(0);
  }
}
