package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.serve.LiveSample;
import dev.scalewise.serve.ScaledTarget;
import dev.scalewise.serve.ServeConfig;
import dev.scalewise.serve.ServedPolicy;
import dev.scalewise.serve.Shadow;
import dev.scalewise.web.DashboardConfig;
import dev.scalewise.web.DashboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shadow run folder written by the real shadow pipeline ({@code Shadow}, scalewise-serve: two policies beside a
 * cluster running 6 replicas over 40 intervals of a rising and falling rate) is a run of the dashboard, whose
 * headline is Shadow's comparison: each policy's cost, its cost against the cluster's and its estimated SLA.
 */
class ShadowDashboardTest {
    @Test
    void theDashboardShowsWhatEachPolicyWouldHaveProvisionedAgainstTheCluster(@TempDir Path runs) throws Exception {
        ServeConfig cfg = ServeConfig.defaults();
        Shadow shadow = new Shadow(cfg, new ScaledTarget("shop", "checkout", Map.of()),
                List.of(ServedPolicy.named("threshold", cfg), ServedPolicy.named("static", cfg)));
        double mu = cfg.service().serviceRate();
        for (int i = 0; i < 40; i++) {
            double rate = mu * (4 + 2.5 * Math.sin(i / 6.0));
            shadow.observe(new LiveSample(1_764_633_600 + i * cfg.service().stepSeconds(), rate, 6, 6, 0, null, null,
                    null));
        }
        shadow.skip();
        shadow.write(runs.resolve("shadow-shop"));
        List<Shadow.Summary> expected = shadow.summaries();

        try (DashboardServer server = DashboardServer.start(DashboardConfig.defaults(runs))) {
            HttpClient http = HttpClient.newHttpClient();
            String body = http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/runs/shadow-shop")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            JsonNode h = new ObjectMapper().readTree(body).get("shadow");
            assertThat(h.get("scaled_object").asText()).isEqualTo("shop/checkout");
            assertThat(h.get("intervals").asInt()).isEqualTo(40);
            assertThat(h.get("skipped_intervals").asInt()).isEqualTo(1);
            JsonNode rows = h.get("policies");
            assertThat(rows).hasSize(3);
            double actual = expected.get(0).costUsd();
            for (int i = 0; i < 3; i++) {
                Shadow.Summary s = expected.get(i);
                JsonNode row = rows.get(i);
                assertThat(row.get("policy").asText()).isEqualTo(s.name());
                assertThat(row.get("cost_usd").asDouble()).isEqualTo(s.costUsd());
                assertThat(row.get("mean_replicas").asDouble()).isEqualTo(s.meanReplicas());
                assertThat(row.get("sla_met_pct").asDouble()).isEqualTo(100 * s.slaMetFraction());
                assertThat(row.get("savings_vs_actual_pct").asDouble()).isCloseTo(100 * (1 - s.costUsd() / actual),
                        within(1e-9));
            }
            assertThat(rows.get(0).get("policy").asText()).isEqualTo("actual");
            // the cluster's 6 replicas are overloaded at the peak (6.5 x mu): its estimated SLA is below 100%
            assertThat(rows.get(0).get("sla_met_pct").asDouble()).isLessThan(100);
            String list = http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/runs")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(new ObjectMapper().readTree(list).at("/runs/0/shadow/policies")).hasSize(3);
            String csv = http.send(HttpRequest.newBuilder(URI.create(server.url()
                    + "api/runs/shadow-shop/files/shadow.csv")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(csv.lines().count()).isEqualTo(41);
            assertThat(csv).startsWith("time,rate,actual,threshold,static");
        }
    }
}
