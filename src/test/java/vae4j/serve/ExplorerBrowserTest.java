package vae4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import vae4j.data.DataSplits;
import vae4j.data.Dataset;
import vae4j.store.SavedModel;
import vae4j.testing.TestData;

/**
 * The real page in headless Chromium (Debian's chromium and chromedriver, driven by Selenium): the scatter draws every
 * point, hovering shows the example, clicking decodes, two picked points give an interpolation strip. Screenshots of
 * each state go to {@code target/explorer/}. Skipped, with the reason, where Chromium or its driver is not installed.
 * Uses a small model trained here on Fashion-MNIST (10,000 test points) where Debian's package is installed, else on
 * 10,000 bar images.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "explorer");
    static DecodePool pool;
    static Explorer explorer;
    static ExplorerServer server;
    static ChromeDriver driver;
    static Path profile;
    static int points;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "browser test skipped: Chromium or"
                + " chromedriver is not installed (apt-get install chromium chromium-driver)");
        Dataset train;
        Dataset test;
        if (Files.isDirectory(TestData.FASHION)) {
            DataSplits fm = TestData.fashionMnist();
            train = fm.train().head(10_000);
            test = fm.test();
        } else {
            train = ServeFixtures.bars(2000, 3);
            test = ServeFixtures.bars(10_000, 4);
        }
        SavedModel m = ServeFixtures.trained(train, test, 64, 2, 3);
        pool = new DecodePool(2, 256);
        explorer = new Explorer(m, test, null, new ElboScores(1), null, pool);
        server = ExplorerServer.start(explorer, "127.0.0.1", 0, null);
        points = explorer.size();
        profile = Files.createTempDirectory("vae4j-chromium");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,980");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
        driver.get(server.url());
        until("the page", () -> "true".equals(js("return document.body.dataset.ready || ''")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
            pool.close();
        }
        if (profile != null) {
            try (var s = Files.walk(profile)) {
                s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Waits up to 30 s for {@code condition}, polling every 50 ms. */
    static void until(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after 30 s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static void shot(String name) throws IOException {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Moves the pointer to canvas pixel (x, y) (Selenium's offsets are from the element's centre). */
    static Actions at(double x, double y) {
        WebElement canvas = driver.findElement(By.id("scatter"));
        int w = canvas.getRect().getWidth();
        int h = canvas.getRect().getHeight();
        return new Actions(driver).moveToElement(canvas, (int) Math.round(x - w / 2.0), (int) Math.round(y - h / 2.0));
    }

    @SuppressWarnings("unchecked")
    static double[] screenOf(int i) {
        List<Number> p = (List<Number>) js("return window.explorer.screenOf(arguments[0])", i);
        return new double[] {p.get(0).doubleValue(), p.get(1).doubleValue()};
    }

    /** The picture an img element shows, as a data URL (to compare two states). */
    static String pixels(String id) {
        return (String) js("const i = document.getElementById(arguments[0]); const c = document.createElement('canvas');"
                + "c.width = i.naturalWidth; c.height = i.naturalHeight; c.getContext('2d').drawImage(i, 0, 0);"
                + "return c.toDataURL();", id);
    }

    static boolean loaded(String id) {
        return Boolean.TRUE.equals(js("const i = document.getElementById(arguments[0]);"
                + "return !i.hidden && i.complete && i.naturalWidth > 0", id));
    }

    @Test
    @Order(1)
    void theScatterDrawsEveryPoint() throws Exception {
        WebElement canvas = driver.findElement(By.id("scatter"));
        assertThat(canvas.getDomAttribute("data-points")).isEqualTo(Integer.toString(points));
        assertThat(points).isGreaterThanOrEqualTo(10_000);
        // and they are on the canvas: many coloured pixels
        long coloured = ((Number) js("const c = document.getElementById('scatter');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let k = 3; k < d.length; k += 4) if (d[k] > 0) n++; return n;")).longValue();
        assertThat(coloured).isGreaterThan(points / 2);
        double ms = ((Number) js("return window.explorer.timeDraw(20)")).doubleValue();
        System.out.printf("explorer: %,d points drawn in %.1f ms per redraw (headless Chromium)%n", points, ms);
        assertThat(ms).as("ms per redraw of every point").isLessThan(100);
        shot("1-scatter.png");
    }

    @Test
    @Order(2)
    void hoveringOverAPointShowsItsExampleAndScore() throws Exception {
        double[] p = screenOf(17);
        at(p[0], p[1]).perform();
        until("hover-img", () -> loaded("hover-img"));
        String src = driver.findElement(By.id("hover-img")).getDomAttribute("src");
        assertThat(src).matches("/api/example/\\d+");
        int shown = Integer.parseInt(src.substring(src.lastIndexOf('/') + 1));
        double[] q = screenOf(shown);
        assertThat(Math.hypot(q[0] - p[0], q[1] - p[1])).isLessThan(6.5);
        assertThat(driver.findElement(By.id("hover-text")).getText()).startsWith("#" + shown).contains("-ELBO")
                .contains("nats");
        shot("2-hover.png");
    }

    @Test
    @Order(3)
    void clickingThePlaneDecodesThatPoint() throws Exception {
        at(60, 60).click().perform();
        until("decoded", () -> loaded("decoded"));
        String first = driver.findElement(By.id("decoded")).getDomAttribute("src");
        String firstPixels = pixels("decoded");
        at(660, 660).click().perform();
        until("a new decoded picture", () -> !first.equals(driver.findElement(By.id("decoded")).getDomAttribute("src"))
                && loaded("decoded"));
        assertThat(driver.findElement(By.id("decoded")).getDomAttribute("src")).startsWith("/api/decode?z=");
        assertThat(pixels("decoded")).isNotEqualTo(firstPixels);
        shot("3-decoded.png");
    }

    @Test
    @Order(4)
    void twoPickedPointsGiveAnInterpolationStrip() throws Exception {
        double[] a = screenOf(3);
        double[] b = screenOf(4000);
        at(a[0], a[1]).click().perform();
        at(b[0], b[1]).click().perform();
        until("strip", () -> loaded("strip"));
        String src = driver.findElement(By.id("strip")).getDomAttribute("src");
        assertThat(src).matches("/api/interpolate\\?from=\\d+&to=\\d+&steps=10&mode=linear");
        long w = ((Number) js("return document.getElementById('strip').naturalWidth")).longValue();
        long h = ((Number) js("return document.getElementById('strip').naturalHeight")).longValue();
        assertThat(w).isGreaterThan(9 * h); // ten tiles side by side
        shot("4-interpolation.png");
    }

    @Test
    @Order(5)
    void manifoldOverlayAndPriorSamples() throws Exception {
        driver.findElement(By.id("manifold-toggle")).click();
        until("the manifold", () -> Boolean.TRUE.equals(js("return window.explorer.state.manifold !== null")));
        driver.findElement(By.id("sample-button")).click();
        until("samples", () -> loaded("samples"));
        assertThat(driver.findElement(By.id("samples")).getDomAttribute("src")).startsWith("/api/sample?n=16&seed=");
        shot("5-manifold-and-samples.png");
    }
}
