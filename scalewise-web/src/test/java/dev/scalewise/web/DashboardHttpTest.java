package dev.scalewise.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP API against a real server on 127.0.0.1: runs, path safety, validation, body limits, live streams. */
class DashboardHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "TOP-SECRET-OUTSIDE-RUNS";

    @TempDir
    static Path tmp;
    static DashboardServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws IOException {
        Path runs = Fixtures.runs(tmp.resolve("runs"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("spec.json"), "{\"secret\":\"" + SECRET + "\"}");
        Files.writeString(outside.resolve("summary.json"), "{\"secret\":\"" + SECRET + "\"}");
        // A run folder that is a link to a folder outside, and a run whose file links outside.
        Files.createSymbolicLink(runs.resolve("escape-dir"), outside);
        Path linked = Files.createDirectories(runs.resolve("escape-file"));
        Files.writeString(linked.resolve("spec.json"), "{}");
        Files.createSymbolicLink(linked.resolve("summary.json"), outside.resolve("summary.json"));
        server = DashboardServer.start(DashboardConfig.defaults(runs).withQValues(new TinyQValues()));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindsLoopbackByDefault() throws Exception {
        assertThat(DashboardConfig.defaults(Path.of("runs")).host()).isEqualTo("127.0.0.1");
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.url()).startsWith("http://127.0.0.1:");
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        if (external.isPresent()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external.get(), server.port()), 2000);
                throw new AssertionError("the server answered on " + external.get() + ", not only on loopback");
            } catch (ConnectException expected) {
                // refused: nothing listens there
            }
        }
    }

    @Test
    void listsAndDescribesRuns() throws Exception {
        HttpResponse<String> r = get("/api/runs");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode runs = JSON.readTree(r.body()).get("runs");
        List<String> ids = new ArrayList<>();
        runs.forEach(n -> ids.add(n.get("id").asText()));
        assertThat(ids).contains("train-q7", "compare-diurnal", "explain-q7", "forecast-nasa").doesNotContain("escape-dir");
        assertThat(r.body()).doesNotContain(SECRET);
        JsonNode one = JSON.readTree(get("/api/runs/train-q7").body());
        assertThat(one.get("spec").get("agent").asText()).isEqualTo("q-learning");
        assertThat(one.get("summary").get("episodes").asInt()).isEqualTo(40);
        assertThat(get("/api/runs/train-q7/files/episodes.csv").body()).startsWith("episode,return");
    }

    @Test
    void servesTheReportAndChartsOfARunWithItsHeadline() throws Exception {
        HttpResponse<String> md = get("/api/runs/demo-nasa/files/report.md");
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.headers().firstValue("content-type").orElse("")).startsWith("text/markdown");
        assertThat(md.body()).startsWith("# Scalewise demo");
        HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(server.url()
                + "api/runs/demo-nasa/files/p95_latency.png")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("content-type").orElse("")).isEqualTo("image/png");
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.body())).getWidth()).isEqualTo(320);
        assertThat(get("/api/runs/demo-nasa/files/P95.PNG").statusCode()).isEqualTo(404);
        assertThat(get("/api/runs/demo-nasa/files/notes.txt").statusCode()).isEqualTo(404);
        JsonNode one = JSON.readTree(get("/api/runs/demo-nasa").body());
        assertThat(one.get("charts").toString()).isEqualTo("[\"cumulative_cost.png\",\"p95_latency.png\"]");
        assertThat(one.get("headline").size()).isEqualTo(1);
        assertThat(one.get("headline").get(0).get("policy").asText()).isEqualTo("agent");
        assertThat(one.get("headline").get(0).get("sla_compliance_pct").asDouble()).isEqualTo(99.95);
        JsonNode cmp = JSON.readTree(get("/api/runs/compare-diurnal").body());
        assertThat(cmp.get("comparison").get("trace").asText()).isEqualTo("diurnal");
        assertThat(cmp.get("comparison").has("policies")).isFalse();
        assertThat(cmp.get("headline").size()).isEqualTo(2);
    }

    @Test
    void aSweepFolderIsARunWithItsBestConfigurationAndItsCells() throws Exception {
        JsonNode sweep = JSON.readTree(get("/api/runs/sweep-tiny/files/sweep.json").body());
        JsonNode run = JSON.readTree(get("/api/runs/sweep-tiny").body());
        assertThat(run.at("/sweep/configurations").asInt()).isEqualTo(4);
        assertThat(run.at("/sweep/finished_cells").asInt()).isEqualTo(4);
        assertThat(run.at("/sweep/best/config_id").asText()).isEqualTo(sweep.at("/best/config_id").asText());
        assertThat(run.at("/sweep/best/metric").asText()).isEqualTo("cost_usd");
        // the best's parameters that tell configurations apart; the fixed ones are left out
        assertThat(run.at("/sweep/best/params").size()).isEqualTo(2);
        assertThat(run.at("/sweep/best/params/alpha").asDouble()).isEqualTo(sweep.at("/best/params/alpha").asDouble());
        assertThat(run.at("/sweep/best/value").asDouble()).isEqualTo(sweep.at("/best/cost_usd").asDouble());
        JsonNode cells = JSON.readTree(get("/api/runs/sweep-tiny/cells").body()).get("cells");
        assertThat(cells).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(cells.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(cells.get(i).get("ok").asBoolean()).isTrue();
        }
        // the best configuration's cell reproduces its mean (one training seed: the cell is the configuration)
        JsonNode bestCell = null;
        for (JsonNode c : cells) {
            if (c.get("config_id").asText().equals(sweep.at("/best/config_id").asText())) {
                bestCell = c;
            }
        }
        assertThat(bestCell).isNotNull();
        assertThat(bestCell.at("/metrics/cost_usd").asDouble()).isEqualTo(sweep.at("/best/cost_usd").asDouble());
        HttpResponse<String> one = get("/api/runs/sweep-tiny/cells/" + bestCell.get("id").asText());
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(one.body()).get("id").asText()).isEqualTo(bestCell.get("id").asText());
        assertThat(get("/api/runs/sweep-tiny/cells/..%2Fsweep").statusCode()).isIn(400, 404);
        assertThat(get("/api/runs/sweep-tiny/cells/nope").statusCode()).isEqualTo(404);
        assertThat(get("/api/runs/demo-nasa/cells").statusCode()).isEqualTo(404);
        assertThat(get("/api/runs/sweep-tiny/files/sweep.md").body()).contains("(best)");
    }

    @Test
    void aShadowFolderIsARunWithItsComparisonAgainstTheCluster() throws Exception {
        JsonNode run = JSON.readTree(get("/api/runs/shadow-shop").body());
        JsonNode rows = run.at("/shadow/policies");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("policy").asText()).isEqualTo("actual");
        assertThat(rows.get(0).get("savings_vs_actual_pct").asDouble()).isZero();
        JsonNode shadow = JSON.readTree(get("/api/runs/shadow-shop/files/shadow.json").body());
        double actual = shadow.at("/comparison/0/cost_usd").asDouble();
        double hpa = shadow.at("/comparison/1/cost_usd").asDouble();
        assertThat(rows.get(1).get("savings_vs_actual_pct").asDouble()).isCloseTo(100 * (1 - hpa / actual),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rows.get(1).get("sla_met_pct").asDouble())
                .isEqualTo(100 * shadow.at("/comparison/1/sla_met_fraction").asDouble());
        assertThat(get("/api/runs/shadow-shop/files/shadow.csv").body()).startsWith("time,rate,actual,hpa,agent:demo");
    }

    @Test
    void theCapacityPlannerGivesTheQueueCommandsNumbers() throws Exception {
        JsonNode q = JSON.readTree(get("/api/queue?arrival_rate=95&service_rate=1&slo_p95_ms=3200").body());
        int c = q.get("min_servers").asInt();
        assertThat(c).isEqualTo(dev.scalewise.queue.Staffing.minServers(95, 1, 3.2));
        assertThat(dev.scalewise.queue.ErlangC.responseQuantile(c, 95, 1, 0.95)).isLessThanOrEqualTo(3.2);
        assertThat(dev.scalewise.queue.ErlangC.responseQuantile(c - 1, 95, 1, 0.95)).isGreaterThan(3.2);
        assertThat(q.get("p95_ms").asDouble()).isLessThanOrEqualTo(3200);
        JsonNode curve = q.get("curve");
        assertThat(curve.get(0).get("servers").asInt()).isEqualTo(96);
        for (int i = 1; i < curve.size(); i++) {
            assertThat(curve.get(i).get("p95_ms").asDouble()).isLessThan(curve.get(i - 1).get("p95_ms").asDouble());
        }
        HttpResponse<String> bad = get("/api/queue?arrival_rate=abc&service_rate=1&slo_p95_ms=100");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("arrival_rate must be a finite number");
        assertThat(get("/api/queue?arrival_rate=5&service_rate=1&slo_p95_ms=100").body()).contains("service time alone");
    }

    @Test
    void unknownRunsAndFilesAre404() throws Exception {
        assertThat(get("/api/runs/no-such-run").statusCode()).isEqualTo(404);
        assertThat(get("/api/runs/no-such-run/files/spec.json").statusCode()).isEqualTo(404);
        assertThat(get("/api/runs/train-q7/files/model.qtable").statusCode()).isEqualTo(404);
        assertThat(get("/api/runs/train-q7/files/forecasts.json").statusCode()).isEqualTo(404);
        HttpResponse<String> r = get("/api/nothing-here");
        assertThat(r.statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/runs/../outside/files/spec.json",
            "/api/runs/..%2foutside/files/spec.json",
            "/api/runs/%2e%2e%2foutside/files/spec.json",
            "/api/runs/%2e%2e/files/spec.json",
            "/api/runs/..%2f..%2f..%2fetc/files/spec.json",
            "/api/runs/train-q7/files/..%2f..%2foutside%2fspec.json",
            "/api/runs/train-q7/files/%2e%2e%2fspec.json",
            "/api/runs/%2Ftmp/files/spec.json",
            "/api/runs/%2Fetc%2Fpasswd",
            "/api/runs/escape-dir/files/spec.json",
            "/api/runs/escape-dir",
            "/api/runs/escape-file/files/summary.json",
            "/api/runs/train-q7/files/%2Fetc%2Fpasswd",
            "/api/runs/%2e%2e",
            "/api/runs/.",
            "/api/runs/..",
    })
    void traversalNeverLeavesTheRunsDirectory(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path).isIn(400, 404);
        assertThat(r.body()).as(path).doesNotContain(SECRET).doesNotContain("root:");
    }

    @Test
    void escapingSummaryIsNotInlined() throws Exception {
        HttpResponse<String> r = get("/api/runs/escape-file");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(SECRET);
    }

    @Test
    void malformedParametersGet400WithAMessage() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{\"policies\":[", "request body must be a JSON object");
        bad.put("[1,2]", "request body must be a JSON object");
        bad.put("{\"policies\":[]}", "policies");
        bad.put("{\"policies\":[\"static\"],\"steps\":0}", "steps must be in");
        bad.put("{\"policies\":[\"static\"],\"steps\":\"many\"}", "steps has the wrong type");
        bad.put("{\"policies\":[\"static\"],\"speed\":-1}", "speed");
        bad.put("{\"policies\":[\"nope\"]}", "unknown policy 'nope'");
        bad.put("{\"policies\":[\"static\"],\"workload\":\"tsunami\"}", "workload must be one of");
        bad.put("{\"policies\":[\"static\"],\"trace\":\"../../etc/passwd\"}", "trace must be a catalog name");
        bad.put("{\"policies\":[\"static\"],\"trace\":\"no-such-trace\"}", "unknown catalog trace");
        bad.put("{\"policies\":[\"static\"],\"colour\":\"red\"}", "unknown field 'colour'");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> r = post("/api/live", e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).as(e.getKey()).contains(e.getValue());
        }
        HttpResponse<String> q = get("/api/agent/train-q7/decision?utilization=abc");
        assertThat(q.statusCode()).isEqualTo(400);
        assertThat(q.body()).contains("utilization must be a finite number");
        assertThat(get("/api/agent/train-q7/decision?instances=1.5").body()).contains("instances must be an integer");
        assertThat(get("/api/agent/train-q7/decision?utilization=-3").statusCode()).isEqualTo(400);
        assertThat(get("/api/agent/train-q7/decision?utilization=NaN").statusCode()).isEqualTo(400);
    }

    @Test
    void requestBodiesAreBounded() throws Exception {
        String big = "{\"policies\":[\"static\"],\"pad\":\"" + "x".repeat(DashboardServer.MAX_BODY_BYTES) + "\"}";
        // every time: the server reads and drops the refused body, so the client gets the 413, not a reset connection
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = post("/api/live", big);
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("too large");
        }
        assertThat(post("/api/live", "").statusCode()).isEqualTo(400);
    }

    @Test
    void liveComparisonStreamsEveryStepOfEveryWorld() throws Exception {
        HttpResponse<String> r = post("/api/live", "{\"policies\":[\"static\",\"threshold\",\"threshold\"],\"steps\":500}");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode started = JSON.readTree(r.body());
        assertThat(started.get("worlds").toString()).isEqualTo("[\"static\",\"threshold\",\"threshold#2\"]");
        HttpResponse<String> ev = get(started.get("events").asText());
        assertThat(ev.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        int[] capacity = new int[3];
        int demand = 0;
        JsonNode done = null;
        JsonNode lastHud = null;
        String event = null;
        for (String line : ev.body().split("\n")) {
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                JsonNode d = JSON.readTree(line.substring(6));
                if ("batch".equals(event)) {
                    demand += d.get("demand_rps").size();
                    for (int i = 0; i < 3; i++) {
                        capacity[i] += d.get("worlds").get(i).get("capacity_rps").size();
                    }
                    lastHud = d.get("worlds").get(1).get("hud");
                } else if ("done".equals(event)) {
                    done = d;
                }
            }
        }
        assertThat(demand).isEqualTo(500);
        assertThat(capacity).containsExactly(500, 500, 500);
        assertThat(done).isNotNull();
        assertThat(lastHud.get("step").asInt()).isEqualTo(500);
        // HUD totals agree with the final indicators, and identical policies on identical streams agree exactly.
        assertThat(lastHud.get("cost_usd").asDouble()).isCloseTo(done.get("worlds").get(1).get("cost_usd").asDouble(),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(done.get("worlds").get(1).get("cost_usd").asDouble())
                .isEqualTo(done.get("worlds").get(2).get("cost_usd").asDouble());
        assertThat(done.get("worlds").get(0).get("savings_vs_static_pct").asDouble()).isEqualTo(0.0);
        assertThat(get("/api/live/ffffffffffff/events").statusCode()).isEqualTo(404);
    }

    @Test
    void qValueSourceIsQueriedThroughTheApi() throws Exception {
        JsonNode models = JSON.readTree(get("/api/agent/models").body());
        assertThat(models.get("available").asBoolean()).isTrue();
        assertThat(models.get("models").get(0).get("run").asText()).isEqualTo("train-q7");
        JsonNode d = JSON.readTree(get("/api/agent/train-q7/decision?utilization=0.95&instances=4").body());
        assertThat(d.get("action").asText()).isEqualTo("+1");
        assertThat(d.get("margin").asDouble()).isGreaterThan(0);
        JsonNode h = JSON.readTree(get("/api/agent/train-q7/heatmap").body());
        assertThat(h.get("cells").size()).isEqualTo(DashboardServer.HEATMAP_UTIL_CELLS * 6);
        assertThat(get("/api/agent/compare-diurnal/decision").statusCode()).isEqualTo(404);
    }

    @Test
    void withoutAQValueSourceTheAgentViewSaysSo() throws Exception {
        try (DashboardServer s = DashboardServer.start(DashboardConfig.defaults(tmp.resolve("runs")))) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + "api/agent/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode m = JSON.readTree(r.body());
            assertThat(m.get("available").asBoolean()).isFalse();
            assertThat(m.get("reason").asText()).contains("no Q-value reader");
        }
    }

    @Test
    void servesThePageAndEchartsLocallyWithAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/vendor/echarts.min.js").doesNotContain("http://").doesNotContain("https://");
        assertThat(page.headers().firstValue("content-security-policy").orElse("")).contains("default-src 'self'");
        HttpResponse<String> js = get("/vendor/echarts.min.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.body().length()).isGreaterThan(500_000);
    }

    /** A two-dimensional toy model: +1 above 80% utilization, -1 below 40%, else 0; up to 6 instances. */
    static final class TinyQValues implements QValueSource {
        @Override
        public Optional<Model> open(Path runDir) {
            if (!runDir.getFileName().toString().equals("train-q7")) {
                return Optional.empty();
            }
            return Optional.of(new Model() {
                @Override
                public String name() {
                    return "toy";
                }

                @Override
                public List<String> actions() {
                    return List.of("-1", "0", "+1");
                }

                @Override
                public int maxInstances() {
                    return 6;
                }

                @Override
                public Decision decide(StateQuery s) {
                    Map<String, Double> q = new LinkedHashMap<>();
                    q.put("-1", 0.4 - s.utilization());
                    q.put("0", -Math.abs(s.utilization() - 0.6));
                    q.put("+1", s.utilization() - 0.8);
                    String best = q.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                    return new Decision("u=" + s.utilization() + ", n=" + s.instances(), q, best);
                }
            });
        }
    }
}
