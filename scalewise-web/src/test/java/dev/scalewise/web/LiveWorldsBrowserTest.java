package dev.scalewise.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The live worlds view in headless Chromium on a real trained agent's run folder ({@link DemoRunFixture}): the
 * scenario defaults to the run's, the agent's SLA matches its comparison, playback pauses, steps and seeks, the
 * banner flags a world outside the training range, and no chart clips a text. Screenshots at 1400 and 820 px go to
 * {@code target/screenshots/live-*.png}. Skipped as {@link DashboardBrowserTest} is ({@code SCALEWISE_SKIP_BROWSER=1}).
 */
class LiveWorldsBrowserTest extends BrowserTest {
    Path runs;
    Path run;

    @Override
    DashboardServer startServer() throws IOException {
        Path traces = DemoRunFixture.traces();
        Files.createDirectories(DashboardBrowserTest.SHOTS);
        runs = DemoRunFixture.runs(traces);
        run = runs.resolve(DemoRunFixture.RUN);
        return DashboardServer.start(DashboardConfig.defaults(runs).withTracesDir(traces.toString())
                .withPolicies(PolicyProvider.chain(BuiltinPolicies.INSTANCE, DemoRunFixture.agents(runs, traces))));
    }

    @Override
    void onPage() {
        page.navigate(server.url() + "#live");
        page.waitForFunction("() => window.scalewise && window.scalewise.ready.live === true "
                + "&& window.scalewise.live.scenario", null, new Page.WaitForFunctionOptions().setTimeout(30_000));
    }

    private double number(String script) {
        return ((Number) page.evaluate(script)).doubleValue();
    }

    private void waitFor(String script) {
        page.waitForFunction(script, null, new Page.WaitForFunctionOptions().setTimeout(60_000));
    }

    /**
     * Every text the live view's charts draw ({@code all}) and those reaching outside their canvas ({@code out}:
     * clipped axis names or labels).
     */
    @SuppressWarnings("unchecked")
    private java.util.Map<String, List<String>> chartTexts() {
        return (java.util.Map<String, List<String>>) page.evaluate("() => { const all = [], out = [];"
                + " document.querySelectorAll('#view-live .chart').forEach(div => {"
                + " const c = echarts.getInstanceByDom(div); if (!c) return;"
                + " const w = c.getWidth(), h = c.getHeight();"
                + " c.getZr().storage.getDisplayList(true).forEach(e => {"
                + "  if (!e.style || typeof e.style.text !== 'string' || e.style.text === '' || e.ignore) return;"
                + "  all.push(e.style.text);"
                + "  const r = e.getBoundingRect().clone(); if (e.transform) r.applyTransform(e.transform);"
                + "  if (r.x < -1 || r.y < -1 || r.x + r.width > w + 1 || r.y + r.height > h + 1)"
                + "   out.push(div.id + ': ' + e.style.text + ' at ' + Math.round(r.x) + ',' + Math.round(r.y)"
                + "    + ' ' + Math.round(r.width) + 'x' + Math.round(r.height) + ' in ' + w + 'x' + h); }); });"
                + " return {all, out}; }");
    }

    private void shotsAtBothWidths(String name) {
        page.mouse().move(1, 1);
        for (int w : new int[] {1400, 820}) {
            page.setViewportSize(w, 1000);
            page.waitForTimeout(300);
            assertThat(((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue())
                    .as(name + " at " + w + " px: page width").isLessThanOrEqualTo(w);
            java.util.Map<String, List<String>> texts = chartTexts();
            assertThat(texts.get("all")).as("the axis names are drawn").contains("step", "req/s", "US$");
            assertThat(texts.get("out")).as(name + " at " + w + " px: chart texts outside their canvas").isEmpty();
            page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                    .setPath(DashboardBrowserTest.SHOTS.resolve(name + "-" + w + ".png")));
        }
        page.setViewportSize(1400, 1000);
    }

    @Test
    void theDemoAgentsLiveRunShowsTheSlaOfItsComparison() throws IOException {
        // the defaults are the run's scenario
        assertThat(page.inputValue("#live-run")).isEqualTo(DemoRunFixture.RUN);
        assertThat(page.inputValue("#live-source")).isEqualTo("t:" + DemoRunFixture.TRACE);
        var spec = dev.scalewise.run.RunDirectory.json().readTree(run.resolve("spec.json").toFile())
                .path("scenario").path("workload").path("params");
        assertThat(page.inputValue("#live-from")).isEqualTo(String.valueOf(spec.path("toStep").asInt()));
        assertThat(Double.parseDouble(page.inputValue("#live-scale"))).isEqualTo(spec.path("scale").asDouble());
        assertThat(page.inputValue("#live-steps")).isEqualTo("1440");
        assertThat(page.inputValue("#live-seed")).isEqualTo("1");
        assertThat(page.textContent("#live-scenario")).contains("held-out slice").contains("boot delay 120 s");
        page.click("#live-start");
        waitFor("() => window.scalewise.live.done && window.scalewise.live.doneAt > 0");
        List<?> worlds = (List<?>) page.evaluate("() => window.scalewise.live.worlds");
        int agent = worlds.indexOf("agent:" + DemoRunFixture.RUN);
        assertThat(agent).isGreaterThanOrEqualTo(0);
        String shown = page.textContent("#live-hud-" + agent + " [data-k='SLA % steps']");
        double sla = Double.parseDouble(shown.replace("%", "").replace(",", ""));
        assertThat(sla).as("the page's SLA %% against the comparison's mean (%s)", DemoRunFixture.meanSlaPct(run))
                .isCloseTo(DemoRunFixture.meanSlaPct(run), within(0.5));
        assertThat(number("i => window.scalewise.live.final[" + agent + "].sla_compliance_pct"))
                .as("step for step the comparison's first seed").isCloseTo(DemoRunFixture.firstSeedSlaPct(run),
                        within(1e-9));
        boolean below = sla < 99.9;
        assertThat(page.getAttribute("#live-hud-" + agent + " [data-k='SLA % steps']", "class").contains("bad"))
                .as("coloured when below the 99.9%% target").isEqualTo(below);
        String hud = page.textContent("#live-hud-" + agent);
        assertThat(hud).contains("cost so far").contains("savings vs static").contains("p95 latency").contains("drops")
                .contains("flaps").contains("untrained states");
        // the race: one cumulative-cost line per world, ending at each world's cost
        assertThat(number("() => echarts.getInstanceByDom(document.getElementById('live-race')).getOption()"
                + ".series.length")).isEqualTo(worlds.size());
        double last = number("() => { const s = echarts.getInstanceByDom(document.getElementById('live-race'))"
                + ".getOption().series[" + agent + "].data; return s[s.length - 1]; }");
        assertThat(last).isCloseTo(number("() => window.scalewise.live.final[" + agent + "].cost_usd"), within(1e-3));
        // in its own scenario the agent is inside its training range (only untrained states may be flagged)
        if (page.locator("#live-out-of-range").count() > 0) {
            assertThat(page.textContent("#live-out-of-range")).doesNotContain("boot delay").doesNotContain("peak needs");
        }
        shotsAtBothWidths("live-agent");
        assertThat(errors).isEmpty();
    }

    @Test
    void playbackPausesStepsAndSeeks() {
        page.selectOption("#live-speed", "60");
        page.click("#live-start");
        waitFor("() => window.scalewise.live.cursor >= 2");
        page.click("#live-pause");
        waitFor("() => window.scalewise.live.paused");
        page.waitForTimeout(300);
        int at = (int) number("() => window.scalewise.live.cursor");
        page.waitForTimeout(700);
        assertThat((int) number("() => window.scalewise.live.cursor")).as("paused: no step arrives").isEqualTo(at);
        assertThat(page.textContent("#live-pause")).isEqualTo("Resume");
        page.click("#live-step");
        waitFor("() => window.scalewise.live.cursor === " + (at + 1));
        assertThat((int) number("() => window.scalewise.live.hud[0].step")).isEqualTo(at + 1);
        page.waitForTimeout(500);
        assertThat((int) number("() => window.scalewise.live.cursor")).as("one step only").isEqualTo(at + 1);
        page.fill("#live-seek-to", "700");
        page.click("#live-seek");
        waitFor("() => window.scalewise.live.cursor === 700 && window.scalewise.live.hud[0].step === 700"
                + " && window.scalewise.live.rendered === 700");
        double costAt700 = number("() => window.scalewise.live.hud[1].cost_usd");
        page.fill("#live-seek-to", "50");
        page.click("#live-seek");
        waitFor("() => window.scalewise.live.cursor === 50 && window.scalewise.live.hud[0].step === 50"
                + " && window.scalewise.live.rendered === 50");
        assertThat(number("() => window.scalewise.live.hud[1].cost_usd")).isLessThan(costAt700);
        assertThat(number("() => echarts.getInstanceByDom(document.getElementById('live-race')).getOption()"
                + ".series[1].data.length")).isEqualTo(50);
        assertThat(number("() => { const d = echarts.getInstanceByDom(document.getElementById('live-race')).getOption()"
                + ".series[1].data; return d[49]; }")).isCloseTo(number("() => window.scalewise.live.hud[1].cost_usd"),
                within(1e-3));
        // the stream's end event (after its last batch) writes the paused status
        waitFor("() => document.getElementById('live-status').textContent.includes('paused at step 50')");
        shotsAtBothWidths("live-paused");
        // forwards again at full speed to the end
        page.selectOption("#live-speed", "0");
        page.click("#live-pause");
        waitFor("() => window.scalewise.live.done && window.scalewise.live.cursor === 1440");
        int n = ((List<?>) page.evaluate("() => window.scalewise.live.worlds")).size();
        assertThat(page.evaluate("() => window.scalewise.live.received").toString())
                .isEqualTo(java.util.Collections.nCopies(n, "1440").toString());
        assertThat(errors).isEmpty();
    }

    @Test
    void aBannerFlagsAnAgentOutsideItsTrainingRange() {
        page.fill("#live-boot", "900");
        page.fill("#live-steps", "240");
        page.click("#live-start");
        waitFor("() => window.scalewise.live.done && window.scalewise.live.doneAt > 0");
        assertThat(page.textContent("#live-out-of-range")).contains("Outside the training range")
                .contains("agent:" + DemoRunFixture.RUN).contains("the boot delay is 900 s; it trained on 60 to 300 s");
        assertThat(page.textContent(".live-world[data-world='agent:" + DemoRunFixture.RUN + "'] h3"))
                .contains("outside training range");
        assertThat(page.textContent(".live-world[data-world='static'] h3")).doesNotContain("outside");
        shotsAtBothWidths("live-banner");
        assertThat(errors).isEmpty();
    }
}
