package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.agent.ActionSet;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.Seeds;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.experiment.Trainer;
import dev.scalewise.experiment.WorkloadSpec;
import dev.scalewise.reference.ResidualAgent;
import dev.scalewise.web.DashboardConfig;
import dev.scalewise.web.DashboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The residual tabular agent (the demo's: hold plus margins over {@code mpc}'s EWMA forecast, 10-step scale-down
 * stabilization), trained at a tiny budget on the default synthetic workload, explained by {@code explain --run-dir}
 * with its Q-value per margin action and its chosen action; the dashboard serves the same Q-values to the forensics
 * view ({@code explanations.json}) and the agent inspector ({@code /api/agent/RUN/features}).
 */
class ResidualExplainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aResidualRunIsExplainedWithItsMarginsQValuesAndInspectedOnTheDashboard(@TempDir Path tmp) throws Exception {
        EnvConfig env = EnvConfig.defaults();
        WorkloadSpec ws = TrainSpec.scaleFree().scenario().workload();
        double[] history = Scenarios.workload(ws, Scenarios.NO_TRACES).generate(Seeds.stream(5, "history")).rates();
        ResidualAgent.Base base = ResidualAgent.tune(history, env);
        TrainSpec spec = ResidualAgent.spec(ws, env, 3, 9, base);
        Path run = tmp.resolve("residual");
        Trainer.train(spec, run, Trainer.Options.quiet());
        ActionSet actions = spec.actionSet();
        List<String> keys = new ArrayList<>();
        for (int a = 0; a < actions.size(); a++) {
            keys.add(actions.isTarget(a) ? actions.label(a) : Integer.toString(actions.delta(a)));
        }
        assertThat(keys).hasSize(1 + ResidualAgent.margins(base.margin()).size());

        JsonNode list = JSON.readTree(CliTest.runOk("explain", "--run-dir", run.toString(), "--top", "4", "--horizon",
                "5", "--json", "-", "--out", run.toString()));
        assertThat(list).hasSize(4);
        for (JsonNode d : list) {
            List<String> got = new ArrayList<>();
            d.get("q_values").fieldNames().forEachRemaining(got::add);
            assertThat(got).isEqualTo(keys);
            String chosen = d.get("chosen").asText();
            assertThat(chosen).isIn(keys);
            double best = Double.NEGATIVE_INFINITY;
            for (String k : keys) {
                best = Math.max(best, k.equals(chosen) ? best : d.get("q_values").get(k).asDouble());
            }
            assertThat(d.get("margin").asDouble()).isEqualTo(d.get("q_values").get(chosen).asDouble() - best);
            // what was applied is the chosen delta unless the stabilization window held it back, and then says so
            boolean held = d.get("chosen_delta").asInt() != d.get("action").asInt();
            assertThat(d.has("held_back")).isEqualTo(held);
            assertThat(d.get("narrative").asText()).contains("with Q = ")
                    .contains(held ? "scale-down held back by stabilization" : "It chose");
        }

        DashboardServer server = DashboardServer.start(DashboardConfig.defaults(tmp)
                .withQValues(DashboardAdapters.qValues()));
        try {
            HttpClient http = HttpClient.newHttpClient();
            String root = "http://127.0.0.1:" + server.port();
            HttpResponse<String> file = http.send(HttpRequest.newBuilder(URI.create(root
                    + "/api/runs/residual/files/explanations.json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(file.statusCode()).isEqualTo(200);
            JsonNode served = JSON.readTree(file.body()).get("decisions");
            assertThat(served).isEqualTo(list);
            HttpResponse<String> inspected = http.send(HttpRequest.newBuilder(URI.create(root
                    + "/api/agent/residual/features?headroom=0.1&load_ratio=0.8&trend=0&forecast_ratio=0&booting=0"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(inspected.statusCode()).as(inspected.body()).isEqualTo(200);
            JsonNode q = JSON.readTree(inspected.body()).get("q_values");
            List<String> inspectedKeys = new ArrayList<>();
            q.fieldNames().forEachRemaining(inspectedKeys::add);
            // the margin actions by their labels: "beta=.." (square-root staffing) or, since round eight, "rate h=.."
            // where the base is a rate margin (this synthetic history's); never none
            String[] margins = keys.stream().filter(k -> k.contains("=")).toArray(String[]::new);
            assertThat(margins).hasSize(keys.size() - 1);
            assertThat(inspectedKeys).hasSize(keys.size()).contains(margins);
        } finally {
            server.close();
        }
    }
}
