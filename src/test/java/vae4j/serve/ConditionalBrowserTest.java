package vae4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * The page of a conditional model in headless Chromium: the class selector is shown with the model's classes, and
 * choosing another class decodes the same point again with that label. Skipped where Chromium or its driver is not
 * installed (as {@link ExplorerBrowserTest}).
 */
class ConditionalBrowserTest {
    static ChromeDriver driver;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(ExplorerBrowserTest.CHROMIUM) && Files.isExecutable(ExplorerBrowserTest.DRIVER),
                "browser test skipped: Chromium or chromedriver is not installed");
        ConditionalExplorerTest.start();
        profile = Files.createTempDirectory("vae4j-chromium");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(ExplorerBrowserTest.CHROMIUM.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,980");
        driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(ExplorerBrowserTest.DRIVER.toFile()).usingAnyFreePort().build(), o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.get(ConditionalExplorerTest.url);
        ExplorerBrowserTest.until("the page", () -> "true".equals(js("return document.body.dataset.ready || ''")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (ConditionalExplorerTest.server != null) {
            ConditionalExplorerTest.stop();
        }
        if (profile != null) {
            try (var s = Files.walk(profile)) {
                s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static String decodedSrc() {
        return driver.findElement(By.id("decoded")).getDomAttribute("src");
    }

    static boolean loaded() {
        return Boolean.TRUE.equals(js("const i = document.getElementById('decoded');"
                + "return !i.hidden && i.complete && i.naturalWidth > 0"));
    }

    static String pixels() {
        return (String) js("const i = document.getElementById('decoded'); const c = document.createElement('canvas');"
                + "c.width = i.naturalWidth; c.height = i.naturalHeight; c.getContext('2d').drawImage(i, 0, 0);"
                + "return c.toDataURL();");
    }

    @Test
    void theClassSelectorIsShownAndChangesTheDecodedPicture() throws Exception {
        assertThat(driver.findElement(By.id("class-select-label")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("class-select")).findElements(By.tagName("option")))
                .extracting(WebElement::getText).containsExactly("top", "left", "square");
        WebElement canvas = driver.findElement(By.id("scatter"));
        new Actions(driver).moveToElement(canvas, 0, 0).click().perform(); // the centre of the plane
        ExplorerBrowserTest.until("decoded", ConditionalBrowserTest::loaded);
        String first = decodedSrc();
        assertThat(first).startsWith("/api/decode?z=").endsWith("&label=0");
        String firstPixels = pixels();
        js("const s = document.getElementById('class-select'); s.value = '2';"
                + "s.dispatchEvent(new Event('change'));"); // as a person choosing 'square'
        ExplorerBrowserTest.until("the picture of class 2", () -> !first.equals(decodedSrc()) && loaded());
        assertThat(decodedSrc()).isEqualTo(first.replace("&label=0", "&label=2"));
        assertThat(pixels()).isNotEqualTo(firstPixels);
    }
}
