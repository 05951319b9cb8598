package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by Debian's chromium-driver (Selenium), at 1280×800 with a fresh profile, for the
 * console's tests. Screenshots go to {@code target/console-screenshots/}. Starting fails (never skips) on a machine
 * without {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver}, naming the Debian packages CI installs.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots").toAbsolutePath();

    private final ChromeDriverService service;
    private final ChromeDriver browser;
    /** The browser's own process, as chromedriver reports it: ended by its id if quitting fails. */
    private final Optional<ProcessHandle> process;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver browser) {
        this.service = service;
        this.browser = browser;
        Object pid = browser.getCapabilities().getCapability("goog:processID");
        this.process = pid == null ? Optional.empty() : ProcessHandle.of(Long.parseLong(pid.toString()));
    }

    /** @param dir the test's folder: the browser profile and chromedriver's log go there */
    static HeadlessChromium start(Path dir) throws IOException {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the console tests need /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        Files.createDirectories(SCREENSHOTS);
        Files.createDirectories(dir.resolve("logs"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("logs/chromedriver.log").toFile())
                // Every DevTools message with its time: the evidence a hung page leaves (see KeptEvidence).
                .withLogLevel(ChromiumDriverLogLevel.ALL).withReadableTimestamp(true).build();
        service.start();
        try {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + dir.resolve("chromium-profile"), "--lang=en-US",
                    "--window-size=1280,800",
                    // Nothing a test's page does may wait on what a desktop has and CI has not: a keyring for the
                    // password the login form sent, a visible window for timers and renderers at full speed, the
                    // hang monitor's dialog, a back-forward cache that swaps renderer processes on a navigation.
                    // Chromium's own record of every request, socket and stall: what a navigation waited for.
                    "--log-net-log=" + dir.resolve("logs/chromium-netlog.json"),
                    "--password-store=basic", "--use-mock-keychain", "--disable-extensions",
                    "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                    "--disable-backgrounding-occluded-windows", "--disable-hang-monitor",
                    "--disable-ipc-flooding-protection",
                    "--disable-features=BackForwardCache,Translate,OptimizationHints,MediaRouter,PasswordLeakDetection,AutofillServerCommunication");
            // A navigation returns once the document is parsed, not when every subresource has finished: in CI a
            // click that navigated sometimes waited out the driver's three minutes for a load event that never came.
            // Every step waits for the element the user would look at instead, which is what "loaded" means to them.
            options.setPageLoadStrategy(PageLoadStrategy.EAGER);
            options.setPageLoadTimeout(Duration.ofSeconds(60));
            ChromeDriver browser = new ChromeDriver(service, options);
            browser.manage().window().setSize(new Dimension(1280, 800));
            return new HeadlessChromium(service, browser);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    ChromeDriver browser() {
        return browser;
    }

    /**
     * Forgets every cookie of every site, the identity provider's included: the next visit is a stranger's. (Deleting
     * the page's cookies is not enough when the provider keeps its own under another path.)
     */
    void forgetEveryLogin() {
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void screenshot(String name) {
        try {
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the page as the browser has it now, address, source and screenshot, to {@code dir}; gives up after 20 s,
     * since a renderer that hung answers nothing.
     */
    void keepPage(Path dir) {
        CompletableFuture.runAsync(() -> {
            try {
                Files.writeString(dir.resolve("browser-page.html"),
                        "<!-- " + browser.getCurrentUrl() + " -->\n" + browser.getPageSource());
                Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(shot, dir.resolve("browser-screen.png"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orTimeout(20, TimeUnit.SECONDS).exceptionally(failed -> {
            System.err.println("the browser's page could not be kept: " + failed);
            return null;
        }).join();
    }

    @Override
    public void close() {
        try {
            browser.quit();
        } finally {
            try {
                service.stop();
            } finally {
                // A browser that hung does not quit, and outlives chromedriver: end it and its helpers by their ids.
                process.filter(ProcessHandle::isAlive).ifPresent(chromium -> {
                    chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                    chromium.destroyForcibly();
                });
            }
        }
    }
}
