package io.ove.channel.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Drives the dashboard in a real headless Chromium against the sample running on a random port:
 * the page must show both channels, and raising the load from the page must make the depth and
 * the counters move. It leaves {@code target/e2e/dashboard.png}; with {@code -De2e.updateDocs=true}
 * it also refreshes the README's copy, {@code docs/images/dashboard.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sample.load-rate=50",            // some traffic from the start, below what the listener takes
        "sample.processing-delay=8ms"})
@DirtiesContext   // close the sample with the browser, so that no load outlives the test
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@RequiresPrograms({ExternalProgram.CHROMIUM, ExternalProgram.CHROMEDRIVER})
class DashboardIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    private HeadlessChromium chromium;
    private ChromeDriver browser;

    @BeforeEach
    void openBrowser() throws IOException {
        chromium = HeadlessChromium.open(profile, "chromedriver.log");
        browser = chromium.browser();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void raisingTheLoadFromThePageFillsTheOrdersChannelAndMovesTheCounters() throws IOException {
        try {
            browser.get("http://localhost:" + port + "/");
            WebDriverWait wait = new WebDriverWait(browser, WAIT);

            wait.until(page -> "live".equals(page.findElement(By.id("connection")).getDomAttribute("data-state")));
            WebElement orders = wait.until(page -> page.findElement(By.cssSelector("[data-channel='orders']")));
            wait.until(page -> page.findElement(By.cssSelector("[data-channel='audit']")));
            assertThat(field(orders, "capacity").getText()).isEqualTo("1,000");
            assertThat(field(orders, "state").getText()).isEqualTo("open");
            assertThat(field(orders, "overflow").getText()).isEqualTo("block");
            assertThat(orders.findElement(By.cssSelector("[data-field='listeners']")).getText())
                    .contains("orderProcessor.process").contains("2/2 threads");

            // At 50 orders a second the listener keeps up: the channel sends and stays nearly empty.
            wait.until(page -> number(field(orders, "sent")) > 0);
            wait.until(page -> pointsIn(orders) >= 15);   // a calm stretch of chart before the surge
            // The page's own REST producer: with room in the channel, the order is taken.
            browser.findElement(By.id("send-order")).click();
            wait.until(page -> page.findElement(By.id("send-result")).getText().startsWith("202 accepted o-"));

            long sentBefore = number(field(orders, "sent"));
            long fullDropsBefore = number(field(orders, "full-drops"));
            assertThat(fullDropsBefore).isZero();

            // 5,000 a second against two threads at 8 ms an order (about 250 a second).
            browser.findElement(By.cssSelector("#load-buttons [data-rate='5000']")).click();
            wait.until(page -> "5,000".equals(page.findElement(By.id("load-rate")).getText()));
            wait.until(page -> number(field(orders, "depth")) >= 900);
            wait.until(page -> number(field(orders, "full-drops")) > fullDropsBefore);
            assertThat(number(field(orders, "sent"))).isGreaterThan(sentBefore);
            assertThat(field(orders, "fill-percent").getText()).matches("(9\\d|100)%");
            String depthPath = orders.findElement(By.cssSelector(".depth-line")).getDomAttribute("d");
            assertThat(depthPath).startsWith("M").contains("L");

            // The audit channel drops its oldest events rather than block: evictions show.
            WebElement audit = browser.findElement(By.cssSelector("[data-channel='audit']"));
            assertThat(field(audit, "overflow").getText()).isEqualTo("drop-oldest");
            wait.until(page -> number(field(audit, "evicted")) > 0);

            // Let the chart gather a few more seconds of history for a readable screenshot.
            wait.until(page -> pointsIn(orders) >= 40);
            Path screenshot = saveScreenshot("dashboard.png");
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);
            if (Boolean.getBoolean("e2e.updateDocs")) {
                Path images = Files.createDirectories(ExternalProgram.docsDirectory().resolve("images"));
                Files.copy(screenshot, images.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
            }

            // Stopping the load from the page lets the listener drain the channel.
            browser.findElement(By.cssSelector("#load-buttons [data-rate='0']")).click();
            wait.until(page -> "0".equals(page.findElement(By.id("load-rate")).getText()));
            long depthAfterStop = number(field(orders, "depth"));
            wait.until(page -> number(field(orders, "depth")) < depthAfterStop);
        } catch (RuntimeException | AssertionError failure) {
            try {
                saveScreenshot("dashboard-failure.png");
            } catch (RuntimeException | IOException screenshotFailure) {
                failure.addSuppressed(screenshotFailure);
            }
            throw failure;
        }
    }

    private Path saveScreenshot(String name) throws IOException {
        Path file = ExternalProgram.outputDirectory().resolve(name);
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    private static WebElement field(WebElement panel, String name) {
        return HeadlessChromium.field(panel, name);
    }

    private static long number(WebElement element) {
        return HeadlessChromium.number(element);
    }

    private static long pointsIn(WebElement panel) {
        String path = panel.findElement(By.cssSelector(".depth-line")).getDomAttribute("d");
        return path == null ? 0 : path.chars().filter(c -> c == 'L').count() + 1;
    }
}
