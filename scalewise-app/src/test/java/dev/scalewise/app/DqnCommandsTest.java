package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalewise.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --agent dqn}, then the run in {@code compare --model}, through the real entry point, at tiny budgets. */
class DqnCommandsTest {

    private static Path train(Path dir, String seed) {
        String out = CliTest.runOk("train", "--agent", "dqn", "--steps", "1500", "--seed", seed, "--out",
                dir.toString());
        assertThat(out).contains("training dqn on autoscale-v1 (scale-free reward, scale-free features), 1,500 steps, "
                + "seed " + seed);
        assertThat(out).contains("episodes 1, steps 1,500, gradient updates 338");
        return dir;
    }

    @Test
    void trainsAReproducibleRunThatCompareLoadsAndACorruptedOneIsRefused(@TempDir Path tmp) throws Exception {
        Path a = train(tmp.resolve("a"), "3");
        Path b = train(tmp.resolve("b"), "3");
        for (String f : new String[] {"spec.json", "provenance.json", "episodes.csv", "summary.json",
            "model.dqn.params", "model.dqn.json"}) {
            assertThat(a.resolve(f)).as(f).isRegularFile();
        }
        for (String f : new String[] {"model.dqn.params", "model.dqn.json", "episodes.csv", "spec.json"}) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
        JsonNode summary = RunDirectory.json().readTree(a.resolve("summary.json").toFile());
        assertThat(summary.path("agent").asText()).isEqualTo("dqn");
        assertThat(summary.path("steps").asLong()).isEqualTo(1500);
        assertThat(summary.path("episodes").asInt()).isEqualTo(1); // a day of 1,440 steps finished, one begun
        assertThat(summary.path("gradient_updates").asLong()).isEqualTo((1500 - 150) / 4 + 1);
        JsonNode spec = RunDirectory.json().readTree(a.resolve("spec.json").toFile());
        assertThat(spec.path("dqn").path("totalSteps").asLong()).isEqualTo(1500);
        assertThat(spec.path("scenario").path("randomization").isObject()).isTrue();
        assertThat(Files.readAllLines(a.resolve("episodes.csv"))).hasSize(2);
        // another seed learns other weights
        Path c = train(tmp.resolve("c"), "4");
        assertThat(Files.readAllBytes(c.resolve("model.dqn.params")))
                .isNotEqualTo(Files.readAllBytes(a.resolve("model.dqn.params")));

        String[] compare = {"compare", "--policies", "static", "--model", a.toString(), "--steps", "120",
            "--history-steps", "0", "--seeds", "1", "--no-charts"};
        assertThat(CliTest.runOk(compare)).contains("dqn:a").contains("static");

        // explain shows the DQN's Q-value per action and its features by name
        String json = CliTest.runOk("explain", "--run-dir", a.toString(), "--step", "300", "--horizon", "5",
                "--json", "-");
        JsonNode record = RunDirectory.json().readTree(json).get(0);
        assertThat(record.path("policy").asText()).isEqualTo("rl-dqn");
        java.util.List<String> keys = new java.util.ArrayList<>();
        record.path("q_values").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("0", "h=+0%", "h=+5%", "h=+10%", "h=+20%", "h=+35%", "h=+50%", "h=+100%");
        record.path("q_values").forEach(q -> assertThat(Double.isFinite(q.asDouble())).isTrue());
        assertThat(record.path("state").path("label").asText()).startsWith("load_ratio=").contains(" headroom=")
                .contains(" boot_steps=");
        assertThat(record.path("counterfactuals").size()).isPositive();

        byte[] params = Files.readAllBytes(b.resolve("model.dqn.params"));
        params[params.length / 2] ^= 1;
        Files.write(b.resolve("model.dqn.params"), params);
        compare[4] = b.toString();
        CliTest.Result refused = CliTest.run(compare);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).startsWith("error: " + b.resolve("model.dqn.params")
                + " does not match the SHA-256 recorded in " + b.resolve("model.dqn.json")).doesNotContain("\n")
                .endsWith("the parameters were changed or corrupted");
    }

    /**
     * A DQN on the default tabular agent's residual action set ({@code ResidualAgent.spec}: margins over mpc's EWMA
     * forecast, the EWMA weight saved in spec.json) at a tiny budget: {@code compare --model} loads it (refitting
     * the forecaster) and {@code explain} shows its Q-value per residual action.
     */
    @Test
    void aResidualDqnRunIsComparedAndExplained(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("res");
        dev.scalewise.experiment.TrainSpec ts = dev.scalewise.reference.ResidualAgent.spec(
                dev.scalewise.experiment.ScenarioSpec.defaults().workload(), dev.scalewise.env.EnvConfig.defaults(), 10,
                3, new dev.scalewise.reference.ResidualAgent.Base(0.2, 0.3, "ewma, margin 0.20", 8));
        dev.scalewise.nn.agent.DqnTraining.train(dev.scalewise.nn.agent.DqnTraining.Spec.of(ts, 1500), run, null,
                dev.scalewise.experiment.Scenarios.NO_TRACES);
        JsonNode spec = RunDirectory.json().readTree(run.resolve("spec.json").toFile());
        assertThat(spec.path("residual").path("mpcMargin").asDouble()).isEqualTo(0.2);
        assertThat(spec.path("scenario").path("forecaster").path("name").asText()).isEqualTo("ewma");

        String out = CliTest.runOk("compare", "--policies", "static,mpc", "--model", run.toString(), "--steps", "240",
                "--history-steps", "0", "--seeds", "1", "--no-charts");
        assertThat(out).contains("dqn:res").contains("static").contains("mpc");

        String json = CliTest.runOk("explain", "--run-dir", run.toString(), "--step", "300", "--horizon", "5",
                "--json", "-");
        JsonNode record = RunDirectory.json().readTree(json).get(0);
        assertThat(record.path("policy").asText()).isEqualTo("rl-dqn");
        java.util.List<String> keys = new java.util.ArrayList<>();
        record.path("q_values").fieldNames().forEachRemaining(keys::add);
        // hold, then the margins {-m/2, 0, m/2, 3m/4, m, 3m/2, 2m, m + 0.5} as square-root staffing levels at need 8
        assertThat(keys).containsExactly("0", "beta=-0.28", "beta=0.00", "beta=0.28", "beta=0.42", "beta=0.57 (mpc)", "beta=0.85",
                "beta=1.13", "beta=1.98");
        record.path("q_values").forEach(q -> assertThat(Double.isFinite(q.asDouble())).isTrue());
        assertThat(record.path("state").path("label").asText()).startsWith("load_ratio=").contains(" forecast_ratio=");
    }

    /**
     * {@code train --agent dqn --forecaster ewma}: the forecaster is saved in spec.json and fitted again by the loader,
     * so {@code compare --model} runs the DQN with the forecast it trained on.
     */
    @Test
    void aDqnTrainsWithAForecasterThatCompareRefits(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("fc");
        String out = CliTest.runOk("train", "--agent", "dqn", "--forecaster", "ewma", "--steps", "1500", "--seed", "3",
                "--out", run.toString());
        assertThat(out).contains("training dqn on autoscale-v1 (scale-free reward, scale-free features, forecaster "
                + "ewma), 1,500 steps, seed 3");
        JsonNode spec = RunDirectory.json().readTree(run.resolve("spec.json").toFile());
        assertThat(spec.path("scenario").path("forecaster").path("name").asText()).isEqualTo("ewma");
        assertThat(spec.has("residual")).isFalse();
        var loaded = new dev.scalewise.nn.agent.DqnRunLoader(dev.scalewise.experiment.Scenarios.NO_TRACES)
                .policies(run).get();
        assertThat(loaded.forecasts()).isTrue();
        assertThat(CliTest.runOk("compare", "--policies", "static", "--model", run.toString(), "--steps", "120",
                "--history-steps", "0", "--seeds", "1", "--no-charts")).contains("dqn:fc");
    }

    @Test
    void optionsThatDoNotApplyToTheDqnAreNamed(@TempDir Path tmp) {
        CliTest.Result r = CliTest.run("train", "--agent", "dqn", "--episodes", "3", "--out", tmp.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: --episodes does not apply to --agent dqn: give --steps");
        r = CliTest.run("train", "--agent", "dqn", "--checkpoint-every", "3", "--out", tmp.resolve("w").toString());
        assertThat(r.err().strip()).isEqualTo("error: --keep-steps-every and --checkpoint-every do not apply to "
                + "--agent dqn");
        assertThat(tmp.resolve("w")).doesNotExist();
        r = CliTest.run("train", "--steps", "3", "--out", tmp.resolve("y").toString());
        assertThat(r.err().strip()).isEqualTo("error: --steps needs --agent dqn (tabular agents take --episodes)");
        r = CliTest.run("train", "--agent", "dqn", "--steps", "0", "--out", tmp.resolve("z").toString());
        assertThat(r.err().strip()).isEqualTo("error: --steps must be in [1, 1051200] steps, got 0 (see 'scalewise train --help')");
        r = CliTest.run("train", "--agent", "dqn", "--dqn-features", "spread", "--out", tmp.resolve("v").toString());
        assertThat(r.err().strip()).isEqualTo("error: --dqn-features must be scale-free or scale-free-spread, got "
                + "'spread'");
        r = CliTest.run("train", "--dqn-features", "scale-free-spread", "--out", tmp.resolve("u").toString());
        assertThat(r.err().strip()).isEqualTo("error: --dqn-features needs --agent dqn");
        r = CliTest.run("demo", "--dqn-features", "scale-free-spread", "--out", tmp.resolve("d").toString());
        assertThat(r.err().strip()).isEqualTo("error: --dqn-features needs --agent dqn");
        assertThat(tmp.resolve("x")).doesNotExist();
        assertThat(tmp.resolve("z")).doesNotExist();
        assertThat(tmp.resolve("v")).doesNotExist();
        assertThat(tmp.resolve("u")).doesNotExist();
        assertThat(tmp.resolve("d")).doesNotExist();
    }

    /**
     * {@code train --agent dqn --dqn-features scale-free-spread}: the opt-in feature set with the forecast's recent
     * error is saved in spec.json and the model, and {@code explain} names the eleventh feature.
     */
    @Test
    void aDqnTrainsWithTheForecastSpreadFeature(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("sp");
        String out = CliTest.runOk("train", "--agent", "dqn", "--forecaster", "ewma", "--dqn-features",
                "scale-free-spread", "--steps", "1500", "--seed", "3", "--out", run.toString());
        assertThat(out).contains("training dqn on autoscale-v1 (scale-free reward, scale-free-spread features, "
                + "forecaster ewma), 1,500 steps, seed 3");
        assertThat(RunDirectory.json().readTree(run.resolve("spec.json").toFile()).path("encoder").asText())
                .isEqualTo("scale-free-spread");
        assertThat(RunDirectory.json().readTree(run.resolve("model.dqn.json").toFile()).path("dimension").asInt())
                .isEqualTo(11);
        String json = CliTest.runOk("explain", "--run-dir", run.toString(), "--step", "300", "--horizon", "5",
                "--json", "-");
        assertThat(RunDirectory.json().readTree(json).get(0).path("state").path("label").asText())
                .contains(" boot_steps=").contains(" forecast_error=");
        // the dashboard's feature inspector has a range for it
        var model = DashboardAdapters.dqn(run);
        assertThat(model.name()).startsWith("dqn on 11 scale-free features");
        assertThat(model.features().get(10).name()).isEqualTo("forecast_error");
    }
}
