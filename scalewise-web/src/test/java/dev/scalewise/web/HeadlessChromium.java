package dev.scalewise.web;

import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** The browser tests' shared set-up: Debian's Chromium, headless, with console and page errors collected. */
final class HeadlessChromium {
    private HeadlessChromium() {
    }

    /** Skips with {@code SCALEWISE_SKIP_BROWSER=1}; fails with the fix when Chromium is missing. */
    static void require() {
        org.junit.jupiter.api.Assumptions.assumeFalse("1".equals(System.getenv("SCALEWISE_SKIP_BROWSER")),
                "SCALEWISE_SKIP_BROWSER=1: browser tests skipped");
        if (!Files.isExecutable(DashboardBrowserTest.CHROMIUM)) {
            fail("Chromium not found at " + DashboardBrowserTest.CHROMIUM + ": install Debian's chromium (apt-get "
                    + "install chromium; ./scalewise test does) or set SCALEWISE_SKIP_BROWSER=1 to skip the browser tests");
        }
    }

    /** Playwright without its browser download. */
    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** Debian's Chromium, headless, sandbox off (containers), nothing fetched in the background. */
    static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(DashboardBrowserTest.CHROMIUM).setHeadless(true).setArgs(List.of("--headless",
                        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage")));
    }

    /** A 1400 x 1000 page whose console errors and uncaught exceptions are appended to {@code errors}. */
    static Page page(Browser browser, List<String> errors) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 1000));
        errors.clear();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                errors.add("console: " + m.text());
            }
        });
        page.onPageError(e -> errors.add("page error: " + e));
        return page;
    }
}
