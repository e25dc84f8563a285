package io.ove.channel.sample;

import java.nio.file.Path;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven through ChromeDriver, both found on this machine (Debian's
 * packages), with a fresh profile; closing it quits the browser and stops the driver. Also reads
 * the dashboard's fields, which carry {@code data-field} attributes.
 */
final class HeadlessChromium implements AutoCloseable {

    private final ChromeDriverService service;
    private final ChromeDriver browser;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver browser) {
        this.service = service;
        this.browser = browser;
    }

    /** Starts the driver and the browser, with its profile in {@code profile}. */
    static HeadlessChromium open(Path profile, String logName) throws java.io.IOException {
        // An explicit driver keeps Selenium Manager from trying to download one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(ExternalProgram.CHROMEDRIVER.find().toFile())
                .usingAnyFreePort()
                .withLogFile(ExternalProgram.outputDirectory().resolve(logName).toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ExternalProgram.CHROMIUM.find().toFile());
        // A closed network: keep Chromium from calling home, which only fills the log with refusals.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1440,900",
                "--user-data-dir=" + profile.toAbsolutePath());
        try {
            return new HeadlessChromium(service, new ChromeDriver(service, options));
        } catch (RuntimeException failed) {
            service.stop();
            throw failed;
        }
    }

    /** {@return the browser} */
    ChromeDriver browser() {
        return browser;
    }

    /** {@return the element of {@code panel} whose {@code data-field} is {@code name}} */
    static WebElement field(WebElement panel, String name) {
        return panel.findElement(By.cssSelector("[data-field='" + name + "']"));
    }

    /** {@return the number an element shows, its grouping separators ignored; 0 when it shows none} */
    static long number(WebElement element) {
        String digits = element.getText().replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    @Override
    public void close() {
        try {
            browser.quit();
        } finally {
            service.stop();
        }
    }
}
