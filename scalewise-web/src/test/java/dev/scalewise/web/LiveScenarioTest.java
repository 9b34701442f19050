package dev.scalewise.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Live worlds on a trained agent's own scenario ({@link LiveScenario}), over HTTP against a real server: the defaults
 * come from the run folder, the agent's live world reproduces its comparison's first seed step for step, the banner
 * flags a world outside the training range, and the playback windows ({@code from}/{@code to}) stream exactly their
 * steps with cumulative figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveScenarioTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    Path run;
    DashboardServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws IOException {
        Path traces = DemoRunFixture.traces();
        Path runs = DemoRunFixture.runs(traces);
        run = runs.resolve(DemoRunFixture.RUN);
        server = DashboardServer.start(DashboardConfig.defaults(runs).withTracesDir(traces.toString())
                .withPolicies(PolicyProvider.chain(BuiltinPolicies.INSTANCE, DemoRunFixture.agents(runs, traces))));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/live"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The events of a stream: name and parsed data, in order. */
    List<JsonNode> events(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (String block : r.body().split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String[] lines = block.split("\n", 2);
            JsonNode data = JSON.readTree(lines[1].substring("data: ".length()));
            ((com.fasterxml.jackson.databind.node.ObjectNode) data).put("_event", lines[0].substring("event: ".length()));
            out.add(data);
        }
        return out;
    }

    @Test
    void theScenarioIsTheOneTheRunsComparisonEvaluated() throws Exception {
        HttpResponse<String> r = get("/api/live/scenario?run=" + DemoRunFixture.RUN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode s = JSON.readTree(r.body());
        JsonNode spec = JSON.readTree(Files.readString(run.resolve("spec.json"))).path("scenario").path("workload");
        assertThat(s.path("trace").asText()).isEqualTo(DemoRunFixture.TRACE);
        assertThat(s.path("from").asInt()).isEqualTo(spec.path("params").path("toStep").asInt());
        assertThat(s.path("steps").asInt()).isEqualTo(1440);
        assertThat(s.path("scale").asDouble()).isEqualTo(spec.path("params").path("scale").asDouble());
        assertThat(s.path("seed").asLong()).isEqualTo(1);
        assertThat(s.path("boot_delay_s").asDouble()).isEqualTo(120);
        assertThat(s.path("slo_ms").asDouble()).isEqualTo(250);
        assertThat(s.path("training_range").path("peak_instances_min").asDouble()).isEqualTo(3);
        assertThat(s.path("training_range").path("boot_max_s").asDouble()).isEqualTo(300);
        assertThat(s.path("comparison_sla_pct").asDouble()).isEqualTo(DemoRunFixture.meanSlaPct(run));

        HttpResponse<String> none = get("/api/live/scenario?run=compare-diurnal");
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(none.body()).contains("compare-diurnal").contains("no spec.json");
        assertThat(get("/api/live/scenario?run=nope").statusCode()).isEqualTo(404);
        assertThat(get("/api/live/scenario").statusCode()).isEqualTo(400);
    }

    @Test
    void theAgentsLiveWorldReproducesItsComparison() throws Exception {
        HttpResponse<String> r = post("{\"run\":\"" + DemoRunFixture.RUN + "\",\"policies\":[\"static\",\"agent:"
                + DemoRunFixture.RUN + "\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode started = JSON.readTree(r.body());
        assertThat(started.path("steps").asInt()).isEqualTo(1440);
        assertThat(started.path("setup").path("trace").asText()).contains(DemoRunFixture.TRACE);
        assertThat(started.path("setup").path("seed").asLong()).isEqualTo(1);
        JsonNode agent = started.path("world_info").get(1);
        assertThat(agent.path("unvisited_share").isNumber()).as("a tabular agent's unvisited share").isTrue();
        for (JsonNode w : agent.path("warnings")) {
            assertThat(w.asText()).as("the run's own scale and boot delay are in range").startsWith(String.format(
                    java.util.Locale.ROOT, "%.1f%% of its steps", agent.path("unvisited_share").asDouble() * 100));
        }
        List<JsonNode> ev = events(started.path("events").asText());
        JsonNode done = ev.get(ev.size() - 1);
        assertThat(done.path("_event").asText()).isEqualTo("done");
        assertThat(done.path("complete").asBoolean()).isTrue();
        double live = done.path("worlds").get(1).path("sla_compliance_pct").asDouble();
        assertThat(live).as("the first seed's SLA, step for step").isCloseTo(DemoRunFixture.firstSeedSlaPct(run),
                within(1e-9));
        assertThat(live).as("the comparison's mean SLA within 0.5 points").isCloseTo(DemoRunFixture.meanSlaPct(run),
                within(0.5));
    }

    @Test
    void aWorldOutsideTheTrainingRangeIsFlagged() throws Exception {
        HttpResponse<String> r = post("{\"run\":\"" + DemoRunFixture.RUN + "\",\"policies\":[\"agent:"
                + DemoRunFixture.RUN + "\",\"static\"],\"steps\":60,\"boot_delay_s\":900,\"scale\":5000}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode info = JSON.readTree(r.body()).path("world_info");
        String warnings = info.get(0).path("warnings").toString();
        assertThat(warnings).contains("boot delay is 900 s; it trained on 60 to 300 s")
                .contains("it trained on peaks of 3 to 200");
        assertThat(info.get(1).path("warnings").size()).as("static is no trained agent").isZero();
        assertThat(info.get(1).path("unvisited_share").isNull()).isTrue();
    }

    @Test
    void trainingRangesSayWhatIsOutside() {
        LiveScenario.TrainingRange randomized = new LiveScenario.TrainingRange(3, 200, 60, 300, true);
        assertThat(randomized.outside(3, 60)).isEmpty();
        assertThat(randomized.outside(200, 300)).isEmpty();
        assertThat(randomized.outside(2.5, 120)).containsExactly(
                "the peak needs 2.5 instances at 70% utilization; it trained on peaks of 3 to 200");
        assertThat(randomized.outside(50, 301)).containsExactly("the boot delay is 301 s; it trained on 60 to 300 s");
        LiveScenario.TrainingRange fixed = new LiveScenario.TrainingRange(0, 22, 120, 120, false);
        assertThat(fixed.outside(1, 120)).isEmpty();
        assertThat(fixed.outside(22, 120)).isEmpty();
        assertThat(fixed.outside(30, 60)).containsExactly(
                "the peak needs 30.0 instances at 70% utilization; it trained on one scale, with peaks up to 20.0",
                "the boot delay is 60 s; it trained on 120 s only");
    }

    @Test
    void playbackWindowsStreamTheirStepsWithCumulativeFigures() throws Exception {
        JsonNode started = JSON.readTree(post("{\"policies\":[\"static\",\"threshold\"],\"trace\":\""
                + DemoRunFixture.TRACE + "\",\"from\":2000,\"scale\":30,\"steps\":300}").body());
        String events = started.path("events").asText();
        List<JsonNode> all = events(events);
        List<JsonNode> one = events(events + "?from=100&to=101");
        assertThat(one).extracting(e -> e.path("_event").asText()).containsExactly("init", "batch", "done");
        JsonNode b = one.get(1);
        assertThat(b.path("from").asInt()).isEqualTo(100);
        assertThat(b.path("to").asInt()).isEqualTo(101);
        assertThat(b.path("worlds").get(1).path("hud").path("step").asInt()).isEqualTo(101);
        assertThat(one.get(2).path("complete").asBoolean()).isFalse();
        // the cost so far at step 101 is the full stream's sum of the first 101 steps
        double sum = 0;
        int seen = 0;
        for (JsonNode e : all) {
            if (e.path("_event").asText().equals("batch")) {
                for (JsonNode c : e.path("worlds").get(1).path("cost_usd")) {
                    if (seen++ < 101) {
                        sum += c.asDouble();
                    }
                }
            }
        }
        assertThat(b.path("worlds").get(1).path("hud").path("cost_usd").asDouble()).isCloseTo(sum, within(1e-4));
        // the last window completes the comparison
        List<JsonNode> tail = events(events + "?from=290");
        assertThat(tail.get(tail.size() - 1).path("complete").asBoolean()).isTrue();
        assertThat(tail.get(tail.size() - 1).path("worlds").get(0).path("steps").asInt()).isEqualTo(300);
        for (String bad : new String[] {"?from=5&to=5", "?from=-1", "?to=301", "?speed=-2", "?speed=0.01", "?from=abc"}) {
            HttpResponse<String> r = get(events + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").asText()).as(bad).isNotBlank();
        }
        // open streams are bounded: with every permit held the next one is refused, and served once one is free
        server.liveStreams().acquire(DashboardServer.MAX_LIVE_STREAMS);
        try {
            HttpResponse<String> busy = get(events + "?from=0&to=1");
            assertThat(busy.statusCode()).isEqualTo(429);
            assertThat(busy.body()).contains("live event streams are already open");
        } finally {
            server.liveStreams().release(DashboardServer.MAX_LIVE_STREAMS);
        }
        assertThat(events(events + "?from=0&to=1")).hasSize(3);
        assertThat(server.liveStreams().availablePermits()).isEqualTo(DashboardServer.MAX_LIVE_STREAMS);
        HttpResponse<String> late = post("{\"policies\":[\"static\"],\"trace\":\"" + DemoRunFixture.TRACE
                + "\",\"from\":99000000}");
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body()).contains("from: trace 'nasa-http-1995' has");
    }

    @Test
    void desPhysicsRunsStepWiseWithinItsRequestBudget() throws Exception {
        HttpResponse<String> r = post("{\"policies\":[\"static\",\"threshold\"],\"trace\":\"" + DemoRunFixture.TRACE
                + "\",\"from\":2000,\"scale\":5,\"steps\":20,\"physics\":\"des\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode started = JSON.readTree(r.body());
        assertThat(started.path("setup").path("physics").asText()).isEqualTo("des");
        List<JsonNode> ev = events(started.path("events").asText());
        assertThat(ev.get(ev.size() - 1).path("worlds").get(0).path("steps").asInt()).isEqualTo(20);
        HttpResponse<String> big = post("{\"policies\":[\"static\",\"threshold\"],\"trace\":\"" + DemoRunFixture.TRACE
                + "\",\"scale\":2000,\"steps\":1440,\"physics\":\"des\"}");
        assertThat(big.statusCode()).isEqualTo(400);
        assertThat(big.body()).contains("physics des simulates every request");
        assertThat(post("{\"policies\":[\"static\"],\"physics\":\"exact\"}").body())
                .contains("physics must be fast or des");
    }
}
