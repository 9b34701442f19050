package dev.scalewise.app;

import dev.scalewise.serve.PrometheusClient;
import dev.scalewise.serve.PrometheusServer;
import dev.scalewise.serve.TraceExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** serve, shadow, backtest, serve-bench: registered, and bad input is one line naming the option or file. */
class ServeCommandsTest {

    @Test
    void registered() {
        assertThat(Main.newCommandLine().getSubcommands()).containsKeys("serve", "shadow", "backtest", "serve-bench");
    }

    @Test
    void serveStartsOnLoopbackAndStopsAfterItsDuration(@TempDir Path dir) {
        Path log = dir.resolve("d.jsonl");
        String out = CliTest.runOk("serve", "--policy", "hpa", "--port", "0", "--metrics-port", "-1", "--duration", "0.5",
                "--prometheus", "http://127.0.0.1:1", "--decision-log", log.toString());
        assertThat(out).startsWith("Scalewise external scaler: 127.0.0.1:").contains("serving 'hpa'")
                .contains("each ScaledObject's policy warmed with up to 1440 min of its requestRate history");
    }

    @Test
    void backtestAndShadowRunOnARealPrometheus(@TempDir Path dir) throws Exception {
        java.util.function.DoubleSupplier wall = () -> System.currentTimeMillis() / 1000.0;
        try (TraceExporter gen = new TraceExporter("shop", 1, new double[] {30}, 60, 2, wall);
             PrometheusServer prom = PrometheusServer.start(dir.resolve("prom"), 0.5, List.of(gen.port()))) {
            String query = "sum(rate(app_requests_total{namespace=\"shop\",service=\"w0\"}[5s]))";
            PrometheusClient client = new PrometheusClient(prom.url(), java.time.Duration.ofSeconds(2));
            long deadline = System.nanoTime() + 30_000_000_000L;
            // a full rate window, then 4 s more of steady history
            while (Math.abs(client.query(query, wall.getAsDouble()).map(PrometheusClient.Sample::value).orElse(0.0) - 30) > 3) {
                assertThat(System.nanoTime()).as("the rate never reached 30 req/s").isLessThan(deadline);
                Thread.sleep(200);
            }
            Thread.sleep(4000);
            Path csv = dir.resolve("w0.csv");
            String out = CliTest.runOk("backtest", "--prometheus", prom.url(), "--query", query, "--range", "now-3s..now",
                    "--step", "1", "--out", csv.toString());
            assertThat(out).startsWith("wrote " + csv.toAbsolutePath() + ": ").containsPattern(": [34] steps of 1 s, mean (2[7-9]|3[0-3])\\.");
            assertThat(Files.readAllLines(csv).get(0)).isEqualTo("timestamp,rate");

            Path yaml = dir.resolve("scaler.yaml");
            Files.writeString(yaml, "queries:\n  requestRate: '" + query.replace("w0", "$service") + "'\n"
                    + "service:\n  stepSeconds: 1\n");
            Path run = dir.resolve("shadow");
            String table = CliTest.runOk("shadow", "--config", yaml.toString(), "--prometheus", prom.url(), "--target",
                    "shop/w0", "--policy", "hpa", "--policy", "threshold", "--range", "now-3s..now", "--out", run.toString());
            assertThat(table).startsWith("shadowing shop/w0: each ScaledObject's policy warmed with up to 183.33 min")
                    .contains("actual", "hpa", "threshold").containsPattern("[34] intervals compared, 0 without metrics skipped");
            assertThat(run.resolve("shadow.json")).exists();
        }
    }

    @Test
    void aModelFallsBackOutsideItsRunsTrainedRange(@TempDir Path run) throws Exception {
        var enc = dev.scalewise.agent.ScaleFreeEncoder.defaults();
        var actions = new dev.scalewise.agent.ActionSet(-1, 0, 1);
        var q = new dev.scalewise.agent.QTable(enc.size(), actions.size());
        for (int s = 0; s < enc.size(); s++) {
            q.set(s, 1, -1.0); // every state visited; holding is best
        }
        Files.write(run.resolve("model.qtable"), dev.scalewise.agent.ModelFile.encode(new dev.scalewise.agent.ModelFile
                .SavedModel("q-learning", actions, enc.definition(), List.of(q), java.util.Map.of())));
        Files.writeString(run.resolve("steps.csv"), "episode,t,state,arrival_rate,ready,booting,utilization\n"
                + "0,0,1,20,2,0,0.5\n0,1,1,60,6,1,1.0\n");
        var cfg = dev.scalewise.serve.ServeConfig.defaults();
        var decider = ServeCommand.model(run.toString(), cfg).decider();
        var target = new dev.scalewise.serve.ScaledTarget("shop", "web", java.util.Map.of());
        var in = decider.decide(target, new dev.scalewise.serve.LiveSample(0, 40, 5, 5, 0, null, null, null));
        assertThat(in.source()).as(in.reason()).isEqualTo("policy");
        var out = decider.decide(target, new dev.scalewise.serve.LiveSample(30, 90, 9, 9, 0, null, null, null));
        assertThat(out.reason()).startsWith("fallback (arrival_rate 90 outside the trained [20, 60], ready 9 outside the trained [2, 6])");

        Files.writeString(run.resolve("steps.csv"), "episode,t,state,arrival_rate\n0,0,1,x\n");
        CliTest.Result bad = CliTest.run("serve", "--model", run.toString(), "--port", "0", "--metrics-port", "-1",
                "--decision-log", run.resolve("d.jsonl").toString());
        assertThat(bad.err().strip()).isEqualTo("error: --model " + run + ": " + run.resolve("steps.csv")
                + ":2: arrival_rate 'x' is not a number");
    }

    @Test
    void badInputIsOneLine(@TempDir Path dir) throws Exception {
        CliTest.Result oracle = CliTest.run("serve", "--policy", "oracle", "--port", "0", "--metrics-port", "-1");
        assertThat(oracle.code()).isEqualTo(2);
        assertThat(oracle.err().strip()).isEqualTo("error: --policy oracle needs the future arrivals; it cannot be served");

        CliTest.Result unknown = CliTest.run("serve", "--policy", "nope", "--port", "0");
        assertThat(unknown.err()).startsWith("error: unknown policy 'nope'");

        Path yaml = dir.resolve("s.yaml");
        Files.writeString(yaml, "guard:\n  maxStep: 0\n");
        CliTest.Result bad = CliTest.run("serve", "--policy", "hpa", "--config", yaml.toString());
        assertThat(bad.err().strip()).startsWith("error: " + yaml + ":").contains("guard.maxStep must be >= 1")
                .doesNotContain("\n");

        CliTest.Result remote = CliTest.run("serve", "--policy", "hpa", "--host", "0.0.0.0", "--port", "0",
                "--metrics-port", "-1", "--decision-log", dir.resolve("x.jsonl").toString());
        assertThat(remote.err().strip()).contains("--allow-remote");

        CliTest.Result down = CliTest.run("backtest", "--prometheus", "http://127.0.0.1:1", "--query", "sum(up)",
                "--range", "now-1h..now", "--out", dir.resolve("t.csv").toString());
        assertThat(down.code()).isEqualTo(2);
        assertThat(down.err()).startsWith("error: prometheus unreachable");

        CliTest.Result range = CliTest.run("backtest", "--query", "sum(up)", "--range", "now-1h", "--out", "t.csv");
        assertThat(range.err().strip()).isEqualTo("error: --range 'now-1h': expected START..END (e.g. now-24h..now)");

        CliTest.Result neither = CliTest.run("shadow", "--target", "shop/web", "--policy", "hpa", "--out",
                dir.resolve("r").toString());
        assertThat(neither.err().strip()).isEqualTo("error: give exactly one of --range START..END and --duration SECONDS (> 0)");
    }
}
