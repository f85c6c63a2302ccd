package io.postfixinsights.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver, for tests that look at a page as a person's
 * browser does: what the console said, what the page tried to fetch, which dialogs opened, and a screenshot.
 *
 * <p>Only the CDP commands chromedriver forwards are used ({@code executeCdpCommand}, the performance log), not
 * Selenium's versioned DevTools bindings, so a Chromium newer than Selenium 4.49 knows still works.
 *
 * <p>Missing browser: the test is skipped locally, but fails when {@code CI=true} so CI cannot pass vacuously.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String NOT_INSTALLED = "chromium/chromedriver not installed: run .ci/install-test-deps.sh";

    /** Replaces the dialog functions before any page script runs, so a dialog is recorded instead of blocking. */
    private static final String RECORD_DIALOGS = """
            window.__dialogs = [];
            for (const name of ['alert', 'confirm', 'prompt']) {
              window[name] = (message) => { window.__dialogs.push(name + ': ' + message); return null; };
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a fresh headless browser, or skips (locally) / fails (CI) the calling test when none is installed. */
    public static Browser start() {
        requireInstalled(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), System.getenv());
        Path profile;
        try {
            profile = Files.createTempDirectory("postfix-insights-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,2000",
                "--user-data-dir=" + profile);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        logging.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        // A real dialog that slipped past the recorder stays open so open() can see it, instead of being dismissed.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_DIALOGS));
            return new Browser(driver, profile);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    /** Skips (locally) or fails (with {@code CI=true}) when the browser is missing; visible for its own test. */
    static void requireInstalled(boolean installed, Map<String, String> env) {
        if (installed) {
            return;
        }
        if ("true".equalsIgnoreCase(env.get("CI"))) {
            Assertions.fail(NOT_INSTALLED);
        }
        Assumptions.abort("skipped: " + NOT_INSTALLED);
    }

    /** Loads a local page, waits for its load event, and reports what happened during the load. */
    public PageVisit open(Path page) {
        drainLogs();
        String url = page.toAbsolutePath().toUri().toString();
        driver.get(url);
        String realDialog = null;
        try {
            realDialog = driver.switchTo().alert().getText();
            driver.switchTo().alert().dismiss();
        } catch (NoAlertPresentException expected) {
            // the normal case
        }
        List<String> dialogs = new ArrayList<>(stringList(driver.executeScript("return window.__dialogs || [];")));
        if (realDialog != null) {
            dialogs.add("dialog: " + realDialog);
        }
        List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
        Set<String> requested = new LinkedHashSet<>(requestsFromPerformanceLog());
        requested.addAll(
                stringList(driver.executeScript("return performance.getEntriesByType('resource').map(e => e.name);")));
        List<String> external =
                requested.stream().filter(Browser::leavesTheMachine).toList();
        return new PageVisit(url, driver.getTitle(), console, external, dialogs);
    }

    /** The underlying driver, for finding elements and clicking. */
    public ChromeDriver driver() {
        return driver;
    }

    /** Saves a PNG of the whole page (beyond the 1280x2000 viewport) as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>)
                driver.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
        double width = ((Number) metrics.get("width")).doubleValue();
        double height = ((Number) metrics.get("height")).doubleValue();
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot",
                Map.of(
                        "format",
                        "png",
                        "captureBeyondViewport",
                        true,
                        "clip",
                        Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path file = Path.of(System.getProperty("user.dir"), "target", "screenshots", name + ".png");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private void drainLogs() {
        driver.manage().logs().get(LogType.BROWSER);
        driver.manage().logs().get(LogType.PERFORMANCE);
    }

    private List<String> requestsFromPerformanceLog() {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            String method = message.path("method").asString();
            if (method.equals("Network.requestWillBeSent")) {
                urls.add(message.path("params").path("request").path("url").asString());
            } else if (method.equals("Network.webSocketCreated")) {
                urls.add(message.path("params").path("url").asString());
            }
        }
        return urls;
    }

    static boolean leavesTheMachine(String url) {
        String lower = url.toLowerCase();
        return !(lower.startsWith("file:") || lower.startsWith("data:") || lower.startsWith("about:"));
    }

    private static List<String> stringList(Object scriptResult) {
        List<String> out = new ArrayList<>();
        if (scriptResult instanceof List<?> list) {
            list.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }

    private static void deleteTree(Path top) {
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temp profile is harmless; chromium may still be releasing files at exit.
        }
    }

    /**
     * What one page load did.
     *
     * @param url the file:// URL opened
     * @param title the document title
     * @param console everything the page's console received (including failed loads, as SEVERE)
     * @param externalRequests every URL the page requested that is not file:, data: or about:
     * @param dialogs alert/confirm/prompt calls, as "alert: message"
     */
    public record PageVisit(
            String url, String title, List<LogEntry> console, List<String> externalRequests, List<String> dialogs) {

        /** Console entries at SEVERE level, as "LEVEL message" strings for readable assertion output. */
        public List<String> consoleErrors() {
            return console.stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(e -> e.getLevel() + " " + e.getMessage())
                    .toList();
        }
    }
}
