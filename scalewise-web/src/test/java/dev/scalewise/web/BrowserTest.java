package dev.scalewise.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The life cycle the browser tests share: once per class a dashboard server ({@link #startServer()}) and Debian's
 * Chromium ({@link HeadlessChromium}), closed after the last test; per test a fresh page whose console errors and
 * uncaught exceptions collect in {@link #errors}, prepared by {@link #onPage()}, closed after the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {
    DashboardServer server;
    Playwright playwright;
    Browser browser;
    Page page;
    final List<String> errors = new ArrayList<>();

    /** The class's dashboard, started once Chromium is known to be there. */
    abstract DashboardServer startServer() throws IOException;

    /** What every test's page does first (nothing by default). */
    void onPage() {
    }

    @BeforeAll
    final void startBrowser() throws IOException {
        HeadlessChromium.require();
        server = startServer();
        playwright = HeadlessChromium.playwright();
        browser = HeadlessChromium.launch(playwright);
    }

    @AfterAll
    final void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    final void openPage() {
        page = HeadlessChromium.page(browser, errors);
        onPage();
    }

    @AfterEach
    final void closePage() {
        if (page != null) {
            page.close();
        }
    }
}
