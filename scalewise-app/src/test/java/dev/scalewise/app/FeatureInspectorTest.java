package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.agent.ScaleFreeEncoder;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.experiment.Trainer;
import dev.scalewise.run.RunDirectory;
import dev.scalewise.web.DashboardConfig;
import dev.scalewise.web.DashboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent inspector's feature query ({@code /api/agent/RUN/features}) through the app's {@link DashboardAdapters}
 * on real run folders trained at a tiny budget: a scale-free tabular agent (its features, bins and Q-rows) and the
 * old utilization x instances agent (heatmap path only) and a DQN (its Q-network on the continuous features).
 */
class FeatureInspectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static DashboardServer server;
    static HttpClient http;
    static GreedyPolicy scaleFree;

    @BeforeAll
    static void start() throws Exception {
        Trainer.train(TrainSpec.scaleFree().withEpisodes(3).withSeed(11), tmp.resolve("sf"), Trainer.Options.quiet());
        Trainer.train(TrainSpec.defaults().withEpisodes(1).withSeed(7), tmp.resolve("old"), Trainer.Options.quiet());
        dev.scalewise.nn.agent.DqnTraining.train(dev.scalewise.nn.agent.DqnTraining.Spec.of(
                TrainSpec.scaleFree().withSeed(3), 600), tmp.resolve("dqn"), null,
                dev.scalewise.experiment.Scenarios.NO_TRACES);
        scaleFree = RunDirectory.open(tmp.resolve("sf")).loadPolicy();
        server = DashboardServer.start(DashboardConfig.defaults(tmp).withQValues(DashboardAdapters.qValues()));
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

    @Test
    void theScaleFreeModelListsItsFeaturesWithTheEncodersBins() throws Exception {
        JsonNode models = JSON.readTree(get("/api/agent/models").body()).get("models");
        JsonNode sf = null;
        JsonNode old = null;
        for (JsonNode m : models) {
            if (m.get("run").asText().equals("sf")) {
                sf = m;
            } else if (m.get("run").asText().equals("old")) {
                old = m;
            }
        }
        assertThat(sf).isNotNull();
        List<String> names = new ArrayList<>();
        sf.get("features").forEach(f -> names.add(f.get("name").asText()));
        assertThat(names).containsExactly("headroom", "load_ratio", "trend", "forecast_ratio", "booting");
        assertThat(sf.get("features").get(0).get("edges").toString()).isEqualTo("[-0.1,0.0,0.05,0.1,0.2,0.35,0.6,1.0]");
        assertThat(sf.get("features").get(1).get("edges").toString()).isEqualTo("[0.6,0.85,1.0,1.2]");
        List<String> actions = new ArrayList<>();
        sf.get("actions").forEach(a -> actions.add(a.asText()));
        assertThat(actions).hasSize(scaleFree.actions().size()).startsWith("hold").contains("h=+10%");
        assertThat(old).isNotNull();
        assertThat(old.get("features")).isEmpty();
    }

    @Test
    void theQValuesAreTheModelsRowForTheEncodedState() throws Exception {
        ScaleFreeEncoder enc = (ScaleFreeEncoder) scaleFree.encoder();
        double[][] states = {{0.1, 0.8, 0, 0, 0}, {-0.3, 1.3, 0.2, 0.5, 1}, {0.5, 0.5, -0.1, -0.2, 0}, {1.5, 0.3, 0, 0, 0},
            {0, 0.95, 0.04, 0, 1}};
        List<String> labels = new ArrayList<>();
        for (int a = 0; a < scaleFree.actions().size(); a++) {
            labels.add(scaleFree.actions().isTarget(a) ? scaleFree.actions().label(a)
                    : DashboardAdapters.label(scaleFree.actions().delta(a)));
        }
        int visited = 0;
        int unvisited = 0;
        for (double[] v : states) {
            JsonNode d = JSON.readTree(get(String.format(java.util.Locale.ROOT,
                    "/api/agent/sf/features?headroom=%s&load_ratio=%s&trend=%s&forecast_ratio=%s&booting=%s",
                    v[0], v[1], v[2], v[3], (int) v[4])).body());
            int s = enc.encodeFeatures(v[0], v[1], v[2], v[3], v[4] == 1);
            double[] row = scaleFree.qValues(s);
            assertThat(d.get("state").asText()).isEqualTo(enc.describe(s));
            List<Double> got = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            d.get("q_values").forEach(q -> got.add(q.asDouble()));
            d.get("q_values").fieldNames().forEachRemaining(keys::add);
            assertThat(keys).isEqualTo(labels);
            assertThat(got).hasSize(row.length);
            for (int a = 0; a < row.length; a++) {
                assertThat(got.get(a)).isEqualTo(row[a]);
            }
            assertThat(d.get("action").asText()).isEqualTo(labels.get(scaleFree.greedyAction(s)));
            assertThat(d.get("q_values").has(d.get("action").asText())).isTrue();
            boolean zero = java.util.Arrays.stream(row).allMatch(q -> q == 0);
            if (zero) {
                unvisited++;
                assertThat(d.get("visits").asLong()).isZero();
            } else {
                visited++;
                assertThat(d.get("visits").isNull() || d.get("visits").asLong() > 0).isTrue();
            }
        }
        assertThat(visited).as("a 3-episode agent visited the plain states").isPositive();
        assertThat(unvisited).as("and never the overloaded, booting, rising ones").isPositive();
    }

    @Test
    void aDqnRunIsInspectedThroughItsQNetworkOnTheFeatureVector() throws Exception {
        dev.scalewise.nn.agent.DqnGreedyPolicy dqn = dev.scalewise.nn.agent.DqnRunLoader.policy(tmp.resolve("dqn"));
        JsonNode model = null;
        for (JsonNode m : JSON.readTree(get("/api/agent/models").body()).get("models")) {
            if (m.get("run").asText().equals("dqn")) {
                model = m;
            }
        }
        assertThat(model).isNotNull();
        List<String> names = new ArrayList<>();
        model.get("features").forEach(f -> {
            names.add(f.get("name").asText());
            assertThat(f.get("edges")).as("continuous inputs").isEmpty();
        });
        assertThat(names).isEqualTo(dqn.featureNames());
        double[] x = {1.1, -0.2, 0.1, 0.3, 0.5, 0.4, 0.25, 12, 0.5, 2};
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            q.append(i == 0 ? "?" : "&").append(names.get(i)).append('=').append(x[i]);
        }
        JsonNode d = JSON.readTree(get("/api/agent/dqn/features" + q).body());
        double[] expected = dqn.qValues(x);
        List<Double> got = new ArrayList<>();
        d.get("q_values").forEach(v -> got.add(v.asDouble()));
        assertThat(got).hasSize(expected.length);
        for (int a = 0; a < expected.length; a++) {
            assertThat(got.get(a)).isEqualTo(expected[a]);
        }
        int best = dqn.network().greedyAction(x);
        List<String> keys = new ArrayList<>();
        d.get("q_values").fieldNames().forEachRemaining(keys::add);
        assertThat(d.get("action").asText()).isEqualTo(keys.get(best));
        assertThat(d.get("visits").isNull()).as("a network's visits are unknown").isTrue();
        // another state gives the network's other values: the query reaches the network
        JsonNode other = JSON.readTree(get("/api/agent/dqn/features?load_ratio=2.5&headroom=-0.5").body());
        assertThat(other.get("q_values")).isNotEqualTo(d.get("q_values"));
        assertThat(get("/api/agent/dqn/decision").statusCode()).isEqualTo(400);
    }

    @Test
    void missingFeaturesTakeTheirInitialValuesAndBadOnesAreRefusedByName() throws Exception {
        JsonNode d = JSON.readTree(get("/api/agent/sf/features").body());
        assertThat(d.get("features").toString())
                .isEqualTo("{\"headroom\":0.1,\"load_ratio\":0.8,\"trend\":0.0,\"forecast_ratio\":0.0,\"booting\":0.0}");
        HttpResponse<String> r = get("/api/agent/sf/features?utilization=0.5");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("unknown feature 'utilization'").contains("headroom, load_ratio");
        r = get("/api/agent/sf/features?headroom=5");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("headroom must be a number in [-0.5, 2.0], got 5.0");
        assertThat(get("/api/agent/sf/features?trend=NaN").body()).contains("trend must be a finite number");
        assertThat(get("/api/agent/sf/features?trend=abc").statusCode()).isEqualTo(400);
        r = get("/api/agent/old/features");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("no feature inspector");
        assertThat(get("/api/agent/old/decision?utilization=0.9&instances=3").statusCode()).isEqualTo(200);
        assertThat(get("/api/agent/old/heatmap").statusCode()).isEqualTo(200);
    }
}
