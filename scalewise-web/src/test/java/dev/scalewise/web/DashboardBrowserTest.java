package dev.scalewise.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard in Debian's headless Chromium, driven by Playwright (which downloads nothing:
 * {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}). Fails when {@code /usr/bin/chromium} is missing, unless
 * {@code SCALEWISE_SKIP_BROWSER=1}. Screenshots go to {@code target/screenshots/}.
 */
class DashboardBrowserTest extends BrowserTest {
    static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("SCALEWISE_CHROMIUM", "/usr/bin/chromium"));
    static final Path SHOTS = Paths.get(System.getProperty("scalewise.screenshots", "target/screenshots"));

    Path tmp;

    @Override
    DashboardServer startServer() throws IOException {
        Files.createDirectories(SHOTS);
        tmp = Files.createDirectories(SHOTS.getParent().resolve("browser-test-runs"));
        return DashboardServer.start(DashboardConfig.defaults(Fixtures.runs(tmp.resolve("runs"))));
    }

    @Override
    void onPage() {
        page.onRequest(r -> {
            if (!r.url().startsWith(server.url()) && !r.url().startsWith("data:")) {
                errors.add("request left the machine: " + r.url());
            }
        });
    }

    private void open(String view) {
        page.navigate(server.url() + "#" + view);
        try {
            page.waitForFunction("v => window.scalewise && window.scalewise.ready[v] === true", view,
                    new Page.WaitForFunctionOptions().setTimeout(15_000));
        } catch (com.microsoft.playwright.TimeoutError e) {
            fail("view " + view + " did not load; errors: " + errors);
        }
        page.waitForTimeout(150);
    }

    private void shot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /**
     * Screenshots of the page at 1400 and 820 px wide ({@code NAME-1400.png}, {@code NAME-820.png}), asserting at
     * each width that nothing widens the page beyond the window.
     */
    private void shotsAtBothWidths(String name) {
        page.mouse().move(1, 1); // no tooltip left open where the last click was
        for (int w : new int[] {1400, 820}) {
            page.setViewportSize(w, 1000);
            page.evaluate("() => window.scrollTo(0, 0)"); // a sticky header stays on top in a full-page shot
            page.waitForTimeout(250);
            Object scroll = page.evaluate("() => document.documentElement.scrollWidth");
            if (((Number) scroll).intValue() > w) {
                System.err.println("WIDE " + name + ": " + page.evaluate("w => [...document.querySelectorAll('body *')]"
                        + ".filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 8).map(e => e.tagName + '#' + e.id"
                        + " + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(' | ')", w));
            }
            assertThat(((Number) scroll).intValue()).as(name + " at " + w + " px: page width").isLessThanOrEqualTo(w);
            shot(name + "-" + w);
        }
        page.setViewportSize(1400, 1000);
    }

    @Test
    void aRunShowsItsHeadlineReportAndCharts() {
        open("runs");
        assertThat(page.textContent("tr[data-run=demo-nasa]")).contains("agent: savings 41.7%, SLA 99.95%")
                .contains("regret 11.1%").contains("demo");
        assertThat(page.textContent("#runs-table thead")).contains("mean return, last 50 episodes")
                .doesNotContain("mean_return_last_50");
        page.click("tr[data-run=demo-nasa]");
        page.waitForSelector("#run-report table");
        page.waitForFunction("() => [...document.querySelectorAll('#run-charts img')].length === 2 && "
                + "[...document.querySelectorAll('#run-charts img')].every(i => i.complete && i.naturalWidth === 320)");
        assertThat(page.textContent("#run-report h3")).isEqualTo("Scalewise demo");
        assertThat(page.textContent("#run-report")).contains("<img src=x onerror=").contains("<script>");
        assertThat(page.locator("#run-report img, #run-report script").count()).isZero();
        assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
        assertThat(page.textContent("#run-detail .headline")).contains("savings vs static").contains("41.7%")
                .contains("99.95%");
        shotsAtBothWidths("runs-demo");
        page.click("tr[data-run=compare-diurnal]");
        page.waitForFunction("() => document.querySelector('#run-detail h3').textContent === 'compare-diurnal'");
        assertThat(page.textContent("#run-detail")).contains("comparison setup").contains("\"trace\": \"diurnal\"")
                .contains("compare records no provenance.json");
        assertThat(page.locator("#run-detail .headline").count()).isEqualTo(2);
        shotsAtBothWidths("runs-compare");
        assertThat(errors).isEmpty();
    }

    /** A toy model of the run folder {@code train-q7} only ({@link #source()}), at most 8 instances. */
    abstract static class Toy implements QValueSource.Model {
        private final String name;
        private final List<String> actions;

        Toy(String name, String... actions) {
            this.name = name;
            this.actions = List.of(actions);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> actions() {
            return actions;
        }

        @Override
        public int maxInstances() {
            return 8;
        }

        /** The decision on {@code q}: its best action, or {@code tieBreak} in a never-visited state (all Q = 0). */
        static QValueSource.Decision decision(String state, java.util.Map<String, Double> q, boolean never,
                                              String tieBreak, long visits) {
            String best = never ? tieBreak
                    : q.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
            return new QValueSource.Decision(state, q, best, never ? 0 : visits);
        }

        QValueSource source() {
            return runDir -> runDir.getFileName().toString().equals("train-q7") ? java.util.Optional.of(this)
                    : java.util.Optional.empty();
        }
    }

    /** A toy model whose states above 1.2 utilization or from 5 instances were never visited (all Q = 0). */
    static QValueSource visitedToy() {
        return new Toy("toy", "-1", "hold", "+1") {
            @Override
            public QValueSource.Decision decide(QValueSource.StateQuery s) {
                java.util.Map<String, Double> q = new java.util.LinkedHashMap<>();
                boolean never = s.utilization() > 1.2 || s.instances() >= 5;
                q.put("-1", never ? 0 : 0.4 - s.utilization());
                q.put("hold", never ? 0 : -Math.abs(s.utilization() - 0.6));
                q.put("+1", never ? 0 : s.utilization() - 0.8);
                return decision("u=" + s.utilization() + ", n=" + s.instances(), q, never, "hold", 17);
            }
        }.source();
    }

    /**
     * A toy model on named features (as the scale-free agents are): headroom and load ratio, actions labelled by
     * margin; states with a load ratio above 1.2 were never visited (all Q = 0, the tie-break picks {@code h=+0%}).
     */
    static QValueSource featureToy() {
        return new Toy("feature toy", "hold", "h=+0%", "h=+10%", "h=+20%") {
            @Override
            public QValueSource.Decision decide(QValueSource.StateQuery s) {
                throw new AssertionError("the feature inspector must not use the utilization x instances query");
            }

            @Override
            public List<QValueSource.Feature> features() {
                return List.of(new QValueSource.Feature("headroom", "capacity over the minimum - 1", -0.5, 2, 0.01, 0.1,
                        List.of(0.0, 0.2)), new QValueSource.Feature("load_ratio", "arrival rate / capacity", 0, 3, 0.01,
                        0.8, List.of(0.85, 1.2)));
            }

            @Override
            public QValueSource.Decision decideFeatures(java.util.Map<String, Double> v) {
                java.util.Map<String, Double> q = new java.util.LinkedHashMap<>();
                double h = v.get("headroom");
                boolean never = v.get("load_ratio") > 1.2;
                q.put("hold", never ? 0 : -Math.abs(h - 0.05));
                q.put("h=+0%", never ? 0 : -Math.abs(h + 0.2));
                q.put("h=+10%", never ? 0 : -Math.abs(h - 0.5));
                q.put("h=+20%", never ? 0 : -Math.abs(h - 1.2));
                return decision("headroom=" + h, q, never, "h=+0%", 9);
            }
        }.source();
    }

    @Test
    void theFeatureInspectorShowsOneInputPerFeatureAndMarksTheChosenAction() throws IOException {
        try (DashboardServer s = DashboardServer.start(DashboardConfig.defaults(tmp.resolve("runs"))
                .withQValues(featureToy()))) {
            page.navigate(s.url() + "#agent");
            page.waitForFunction("() => window.scalewise.ready.agent === true && window.scalewise.agent.decision");
            assertThat(page.locator("#agent-features input[type=range]").count()).isEqualTo(2);
            assertThat(page.textContent("#agent-features")).contains("headroom").contains("load_ratio")
                    .contains("bins at 0, 0.2").contains("bins at 0.85, 1.2");
            assertThat(page.locator("#agent-heatmap").count()).as("no utilization x instances heatmap").isZero();
            assertThat(page.evaluate("() => window.scalewise.agent.chosen")).isEqualTo("hold");
            page.fill("#agent-f-headroom", "1.1");
            page.locator("#agent-f-headroom").dispatchEvent("input");
            page.waitForFunction("() => window.scalewise.agent.chosen === 'h=+20%'");
            assertThat(page.textContent("#agent-action")).isEqualTo("action h=+20%");
            assertThat(page.textContent("#agent-visits")).contains("9");
            @SuppressWarnings("unchecked")
            List<String> axis = (List<String>) page.evaluate("() => echarts.getInstanceByDom("
                    + "document.getElementById('agent-q')).getOption().xAxis[0].data");
            assertThat(axis).containsExactly("hold", "h=+0%", "h=+10%", "h=+20%\n(chosen)");
            int chosen = pixelAt("() => window.scalewise.agent.chosenPixel()");
            assertThat((chosen >> 8) & 255).as("the chosen action's dot is drawn green").isGreaterThan(120);
            assertThat((chosen >> 16) & 255).isLessThan(100);
            // a never-visited state: all Q = 0, said so, and the tie-break's action still marked
            page.fill("#agent-f-load_ratio", "1.5");
            page.locator("#agent-f-load_ratio").dispatchEvent("input");
            page.waitForFunction("() => document.querySelector('#agent-visits').textContent.includes('never visited')");
            assertThat(page.evaluate("() => window.scalewise.agent.chosen")).isEqualTo("h=+0%");
            chosen = pixelAt("() => window.scalewise.agent.chosenPixel()");
            assertThat((chosen >> 8) & 255).as("the chosen dot at Q = 0 is drawn green").isGreaterThan(120);
            shotsAtBothWidths("agent-features");
            assertThat(errors.stream().filter(e -> !e.startsWith("request left the machine: " + s.url())))
                    .as("console errors (this test's own server is not the class's)").isEmpty();
        }
    }

    /** The colour (RGB) drawn at the page point {@code script} returns as {x, y}. */
    private int pixelAt(String script) throws IOException {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> p = (java.util.Map<String, Object>) page.evaluate(script);
        double x = ((Number) p.get("x")).doubleValue();
        double y = ((Number) p.get("y")).doubleValue();
        byte[] png = page.screenshot(new Page.ScreenshotOptions().setClip(x - 2, y - 2, 4, 4));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        return img.getRGB(img.getWidth() / 2, img.getHeight() / 2);
    }

    @Test
    void agentHeatmapShowsTheMarkerUnvisitedStatesAndTheChosenAction() throws IOException {
        try (DashboardServer s = DashboardServer.start(DashboardConfig.defaults(tmp.resolve("runs"))
                .withQValues(visitedToy()))) {
            page.navigate(s.url() + "#agent");
            page.waitForFunction("() => window.scalewise.ready.agent === true && window.scalewise.agent.marker");
            page.fill("#agent-body input[type=range] >> nth=1", "3");
            page.locator("#agent-body input[type=range] >> nth=1").dispatchEvent("input");
            page.fill("#agent-body input[type=range] >> nth=0", "0.6");
            page.locator("#agent-body input[type=range] >> nth=0").dispatchEvent("input");
            page.waitForFunction("() => window.scalewise.agent.chosen === 'hold' && window.scalewise.agent.marker[0] === 12"
                    + " && window.scalewise.agent.marker[1] === 2");
            // the chosen action's Q is exactly 0 here, and its bar is still drawn
            int chosen = pixelAt("() => window.scalewise.agent.chosenPixel()");
            assertThat((chosen >> 8) & 255).as("the chosen action's dot is drawn green").isGreaterThan(120);
            assertThat((chosen >> 16) & 255).isLessThan(100);
            assertThat(page.textContent("#agent-visits")).contains("17");
            // 8 instances x 31 utilization cells; from 5 instances (4 rows) or above 1.2 utilization never visited
            assertThat(((Number) page.evaluate("() => window.scalewise.agent.unvisitedCells")).intValue())
                    .isEqualTo(4 * 31 + 4 * 6);
            int rgb = pixelAt("() => window.scalewise.agent.markerPixel()");
            int luminance = ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
            assertThat(luminance).as("the marker's centre is dark (the marker is drawn over the heatmap)")
                    .isLessThan(150);
            // in a never-visited state the page says so
            page.fill("#agent-body input[type=range] >> nth=1", "6");
            page.locator("#agent-body input[type=range] >> nth=1").dispatchEvent("input");
            page.waitForFunction("() => document.querySelector('#agent-visits').textContent.includes('never visited')");
            shotsAtBothWidths("agent-unvisited");
            assertThat(errors.stream().filter(e -> !e.startsWith("request left the machine: " + s.url())))
                    .as("console errors (this test's own server is not the class's)").isEmpty();
        }
    }

    @Test
    void costChartsLabelEveryPolicyWithErrorBarsAndTheFrontier() {
        open("cost");
        page.selectOption("#cost-source", "run:demo-nasa");
        page.waitForFunction("() => document.querySelector('#cost-heading') && "
                + "document.querySelector('#cost-heading').textContent.includes('nasa')");
        assertThat(page.textContent("#cost-heading")).contains("1,440 steps of 60 s, 2 seeds (1, 2)")
                .contains("95% confidence intervals");
        List<String> all = List.of("static", "hpa", "oracle", "agent");
        assertThat(page.evaluate("() => window.scalewise.cost.savingsLabels()")).isEqualTo(all);
        @SuppressWarnings("unchecked")
        List<String> drawn = (List<String>) page.evaluate("() => window.scalewise.cost.drawnTexts()");
        assertThat(drawn).containsAll(all);
        // agent (1.40, 99.95) and static (2.40, 100) are on the frontier; hpa is dominated; the oracle is left out
        assertThat(page.evaluate("() => window.scalewise.cost.frontier")).isEqualTo(List.of("agent", "static"));
        assertThat(page.textContent("#cost-savings").isEmpty()).isTrue(); // drawn on canvas, not as DOM text
        assertThat(page.textContent("#cost-table")).contains("1.4 ±0.05").contains("total $").doesNotContain("NaN");
        shotsAtBothWidths("cost-demo");
        assertThat(errors).isEmpty();
    }

    @Test
    void forensicsGroupsBurstsAndShowsAReadableState() {
        open("forensics");
        page.waitForSelector("#forensics-timeline canvas");
        // 12 decisions 10 steps apart plus a burst at 51 and 52 that joins step 50's episode
        assertThat(((Number) page.evaluate("() => window.scalewise.forensics.events.length")).intValue()).isEqualTo(12);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> p = (java.util.Map<String, Object>) page.evaluate(
                "() => window.scalewise.forensics.pixelOf(51)");
        page.mouse().click(((Number) p.get("x")).doubleValue(), ((Number) p.get("y")).doubleValue());
        page.waitForSelector("#forensics-episode");
        assertThat(page.locator("#forensics-episode button").count()).isEqualTo(3);
        assertThat(page.textContent("#forensics-counterfactuals")).contains("hold").doesNotContain("\u00a00\u00a0");
        page.click("#forensics-episode button >> text=step 51");
        page.waitForFunction("() => window.scalewise.forensics.selected === 51");
        assertThat(page.textContent("#forensics-state")).contains("utilization").contains("0.912");
        assertThat(page.textContent("#forensics-action")).isEqualTo("action +1 (margin 0.4)");
        // a residual agent's record: the margin it chose, then what was applied and why
        page.click("#forensics-episode button >> text=step 52");
        page.waitForFunction("() => window.scalewise.forensics.selected === 52");
        assertThat(page.textContent("#forensics-action")).isEqualTo("chose beta=0.53 (-2), applied action hold "
                + "(scale-down held back by stabilization, 3 of 10 steps) (margin 0.4)");
        assertThat(page.textContent("#forensics-detail tr.selected")).contains("beta=0.53");
        page.click("#forensics-episode button >> text=step 51");
        page.waitForFunction("() => window.scalewise.forensics.selected === 51");
        shotsAtBothWidths("forensics-episode");
        assertThat(errors).isEmpty();
    }

    @Test
    void theSweepsViewChartsTheObjectiveHighlightsTheBestAndLinksEveryCell() throws IOException {
        open("sweeps");
        page.waitForSelector("#sweep-chart canvas");
        com.fasterxml.jackson.databind.JsonNode sweep = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(tmp.resolve("runs/sweep-tiny/sweep.json").toFile());
        String best = sweep.at("/best/config_id").asText();
        assertThat(page.evaluate("() => window.scalewise.sweeps.best")).isEqualTo(best);
        assertThat(((Number) page.evaluate("() => window.scalewise.sweeps.configurations.length")).intValue()).isEqualTo(4);
        assertThat(page.locator("#sweep-table tbody tr").count()).isEqualTo(4);
        assertThat(page.getAttribute("#sweep-table tr.best", "data-config")).isEqualTo(best);
        assertThat(page.textContent("#sweep-best")).contains("agent=").contains("alpha=");
        assertThat(page.textContent("#sweep-heading")).contains("Fixed: episodes=3").doesNotContain("null");
        // the best configuration's marker is drawn inside the chart
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> p = (java.util.Map<String, Object>) page.evaluate(
                "() => window.scalewise.sweeps.pixelOfBest()");
        com.microsoft.playwright.options.BoundingBox box = page.locator("#sweep-chart").boundingBox();
        assertThat(((Number) p.get("x")).doubleValue()).isBetween(box.x, box.x + box.width);
        assertThat(((Number) p.get("y")).doubleValue()).isBetween(box.y, box.y + box.height);
        // one link per cell, each serving that cell's results
        assertThat(page.locator("#sweep-table a.pill").count()).isEqualTo(4);
        String href = page.getAttribute("#sweep-table tr.best a.pill", "href");
        Object id = page.evaluate("h => fetch(h).then(r => r.json()).then(j => j.config_id)", href);
        assertThat(id).isEqualTo(best);
        page.selectOption("#sweep-x", "agent");
        page.waitForFunction("() => window.scalewise.sweeps.xParam === 'agent'");
        assertThat(page.evaluate("() => window.scalewise.sweeps.chart.getOption().xAxis[0].type")).isEqualTo("category");
        page.selectOption("#sweep-x", "alpha");
        page.waitForFunction("() => window.scalewise.sweeps.xParam === 'alpha'");
        assertThat(page.evaluate("() => window.scalewise.sweeps.chart.getOption().xAxis[0].type")).isEqualTo("value");
        shotsAtBothWidths("sweeps");
        assertThat(errors).isEmpty();
    }

    @Test
    void forensicsDrawsDemandCapacityDecisionsAndCounterfactualTrajectories() {
        open("forensics");
        page.selectOption("#view-forensics select", "explain-spike");
        page.waitForFunction("() => window.scalewise.forensics.context && window.scalewise.forensics.timeline "
                + "&& window.scalewise.forensics.timeline.ready.length === 90");
        page.waitForSelector("#forensics-context canvas");
        assertThat(page.textContent("#forensics-scenario")).contains("spike, steps 0..90 (60 s each)");
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) page.evaluate("() => window.scalewise.forensics.context.getOption().series"
                + ".map(s => s.name)");
        assertThat(names).contains("arrival rate (req/s)", "ready", "ready + booting", "explained decisions");
        assertThat(names.stream().filter(n -> n.startsWith("if ")).count()).as("counterfactual lines").isGreaterThan(3);
        Object first = page.evaluate("() => window.scalewise.forensics.decisions[0].step");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> p = (java.util.Map<String, Object>) page.evaluate(
                "s => window.scalewise.forensics.pixelOf(s)", first);
        page.mouse().click(((Number) p.get("x")).doubleValue(), ((Number) p.get("y")).doubleValue());
        page.waitForSelector("#forensics-trajectories canvas");
        // the decision's own chart: what was taken and each alternative over the horizon
        @SuppressWarnings("unchecked")
        List<String> traj = (List<String>) page.evaluate("() => window.scalewise.forensics.trajectories === true "
                + "&& echarts.getInstanceByDom(document.getElementById('forensics-trajectories')).getOption().series"
                + ".map(s => s.name)");
        assertThat(traj.get(0)).startsWith("taken: ");
        assertThat(traj.subList(1, traj.size())).isNotEmpty().allMatch(n -> n.startsWith("if "));
        String narrative = page.textContent("#forensics-narrative");
        assertThat(narrative).contains(" req/s").contains("%")
                // numbers of 1 or more have at most 2 decimals (3 significant digits; percentages 1)
                .doesNotContainPattern("(?<![\\d.])[1-9]\\d*\\.\\d{3,}");
        shotsAtBothWidths("forensics-context");
        assertThat(errors).isEmpty();
    }

    @Test
    void aShadowRunShowsWhatEachPolicyWouldHaveProvisionedAgainstTheCluster() {
        open("runs");
        assertThat(page.textContent("tr[data-run=shadow-shop]")).contains("shadow").contains("24 intervals of shop/checkout")
                .contains("cluster $").contains("hpa $");
        page.click("tr[data-run=shadow-shop]");
        page.waitForSelector("#shadow-table");
        assertThat(page.locator("#shadow-table tbody tr").count()).isEqualTo(3);
        assertThat(page.textContent("#shadow-table")).contains("actual (what the cluster ran)").contains("agent:demo");
        assertThat(page.textContent("#shadow-headline")).contains("shop/checkout").contains("24 intervals")
                .contains("250 ms");
        page.waitForSelector("#shadow-chart canvas");
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) page.evaluate("() => window.scalewise.runs.shadowChart.getOption().series"
                + ".map(s => s.name)");
        assertThat(names).containsExactly("request rate", "actual", "hpa", "agent:demo");
        assertThat(page.textContent("#run-detail")).doesNotContain("absent");
        shotsAtBothWidths("runs-shadow");
        page.click("tr[data-run=sweep-tiny]");
        page.waitForSelector("#run-sweep");
        page.waitForSelector("#run-report");
        assertThat(page.textContent("#run-report")).contains("best");
        assertThat(page.textContent("#run-detail")).contains("sweep-spec.json").contains("\"training_seeds\"");
        shotsAtBothWidths("runs-sweep");
        assertThat(errors).isEmpty();
    }

    @Test
    void theCapacityPlannerAnswersInThePage() {
        open("capacity");
        page.waitForSelector("#capacity-curve canvas");
        assertThat(page.textContent("#capacity-min")).isEqualTo(
                String.valueOf(dev.scalewise.queue.Staffing.minServers(95, 1, 3.2)));
        page.fill("#capacity-arrival", "950");
        page.fill("#capacity-service", "10");
        page.fill("#capacity-slo", "500");
        page.click("#capacity-go");
        page.waitForFunction("() => window.scalewise.capacity && window.scalewise.capacity.arrival_rate === 950");
        assertThat(page.textContent("#capacity-min")).isEqualTo(
                String.valueOf(dev.scalewise.queue.Staffing.minServers(950, 10, 0.5)));
        shotsAtBothWidths("capacity");
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"runs", "training", "cost", "agent", "forensics", "forecasts", "architecture", "live",
            "capacity", "sweeps"})
    void everyViewLoadsWithoutConsoleErrors(String view) {
        open(view);
        switch (view) {
            case "runs" -> {
                page.click("tr[data-run=train-q7]");
                page.waitForSelector("#run-detail pre.json");
            }
            case "training" -> page.waitForSelector("#training-panel-3 canvas");
            case "cost" -> page.waitForSelector("#cost-scatter canvas");
            case "agent" -> assertThat(page.textContent("#agent-body")).contains("No trained model available");
            case "forecasts" -> {
                page.waitForSelector("#forecast-table");
                shotsAtBothWidths("forecasts");
            }
            case "sweeps" -> page.waitForSelector("#sweep-chart canvas");
            case "architecture" -> assertThat(page.locator("#architecture-diagram g").count()).isEqualTo(5);
            default -> {
            }
        }
        shot(view);
        assertThat(errors).as("console errors on " + view).isEmpty();
    }

    @Test
    void liveComparisonStartedFromThePageStreamsEveryStep() {
        open("live");
        page.fill("#live-steps", "720");
        page.click("#live-start");
        page.waitForFunction("() => window.scalewise.live.done && window.scalewise.live.doneAt > 0",
                null, new Page.WaitForFunctionOptions().setTimeout(30_000));
        Object received = page.evaluate("() => window.scalewise.live.received");
        assertThat(received.toString()).isEqualTo("[720, 720]");
        assertThat(page.textContent("#live-hud-1")).contains("SLA violations").contains("savings vs static")
                .contains("SLA % steps").contains("flaps");
        // one y-axis for every world
        Object maxes = page.evaluate("() => [0, 1].map(i => echarts.getInstanceByDom(document.getElementById("
                + "'live-chart-' + i)).getOption().yAxis[0].max)");
        assertThat((List<?>) maxes).hasSize(2).doesNotContainNull();
        assertThat(((List<?>) maxes).get(0)).isEqualTo(((List<?>) maxes).get(1));
        shotsAtBothWidths("live-done");
        // The cost view now has the live comparison.
        open("cost");
        page.waitForSelector("#cost-cumulative canvas");
        shot("cost-live");
        assertThat(errors).isEmpty();
    }

    @Test
    void forensicsShowsTheExplanationOfAClickedStep() {
        open("forensics");
        page.waitForSelector("#forensics-timeline canvas");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> p = (java.util.Map<String, Object>) page.evaluate("() => window.scalewise.forensics.pixelOf(50)");
        page.mouse().click(((Number) p.get("x")).doubleValue(), ((Number) p.get("y")).doubleValue());
        page.waitForSelector("#forensics-narrative", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.VISIBLE));
        assertThat(page.textContent("#forensics-narrative")).contains("Step 50:");
        assertThat(page.textContent("#forensics-counterfactuals")).contains("+121 ms").contains("-0.02");
        assertThat(page.textContent("#forensics-detail")).doesNotContain("null");
        shot("forensics-clicked");
        assertThat(errors).isEmpty();
    }

    /**
     * The must-reach measurement: a 3-day trace at 1-minute steps (4,320 steps) with four worlds at full speed, from
     * the click to the last frame drawn. Runs {@code scalewise.liveBenchRuns} times (default 1) and writes the times
     * to {@code target/live-stream-timing.txt}; not a timed assertion.
     */
    @Test
    void fourWorldsOverThreeDaysStreamToThePage() throws IOException {
        int runs = Integer.getInteger("scalewise.liveBenchRuns", 1);
        open("live");
        page.fill("#live-steps", "4320");
        page.click("#live-add-world");
        page.click("#live-add-world");
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            page.click("#live-start");
            page.waitForFunction("() => window.scalewise.live.done && window.scalewise.live.doneAt > 0",
                    null, new Page.WaitForFunctionOptions().setTimeout(60_000));
            assertThat(page.evaluate("() => window.scalewise.live.received").toString()).isEqualTo("[4320, 4320, 4320, 4320]");
            times.add(((Number) page.evaluate("() => window.scalewise.live.elapsedMs")).doubleValue());
            // Responsive while it played: the page answers script at once afterwards.
            page.evaluate("() => document.querySelectorAll('.live-world').length");
        }
        shot("live-4x4320");
        List<Double> sorted = times.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        Files.writeString(SHOTS.getParent().resolve("live-stream-timing.txt"), String.format(Locale.ROOT,
                "4 worlds x 4320 steps, full speed, click to last frame: runs=%d median=%.0f ms all=%s%n", runs, median, times));
        assertThat(errors).isEmpty();
    }
}
