package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model trained on a seed preset is not silently scored under the comparison's other physics. */
class ModelEnvironmentTest {

    @Test
    void aSeedBModelIsRefusedByCompareUnlessForcedAndThenWarned(@TempDir Path tmp) {
        Path run = tmp.resolve("seed-b-run");
        CliTest.runOk("train", "--preset", "seed-b", "--episodes", "2", "--checkpoint-every", "0", "--out", run.toString());
        String[] compare = {"compare", "--policies", "static", "--model", run.toString(), "--steps", "30",
            "--history-steps", "0", "--seeds", "1", "--no-charts"};
        CliTest.Result refused = CliTest.run(compare);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).isEqualTo("error: --model " + run + " was trained on the legacy-seed-b-v1 environment, "
                + "but compare runs autoscale-v1 (other dynamics, observations and scale); its score here would not be "
                + "its own: add --force-env to compare it anyway");
        String[] forced = java.util.Arrays.copyOf(compare, compare.length + 1);
        forced[compare.length] = "--force-env";
        CliTest.Result ok = CliTest.run(forced);
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.err()).contains("warning: --model " + run + " was trained on the legacy-seed-b-v1 environment");
        assertThat(ok.out()).contains("agent:seed-b-run");
        // the dashboard's Q-value reader says the same instead of a NullPointerException
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DashboardAdapters.qValues().open(run))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run seed-b-run was trained on the legacy-seed-b-v1 environment; the inspector reads models "
                        + "of the default environment");
        // explain --run-dir: the same check, a one-line refusal
        CliTest.Result explain = CliTest.run("explain", "--run-dir", run.toString(), "--top", "1");
        assertThat(explain.code()).isEqualTo(2);
        assertThat(explain.err().strip()).isEqualTo("error: --run-dir " + run + " was trained on the legacy-seed-b-v1 "
                + "environment, but explain replays autoscale-v1 (other dynamics, observations and scale); its decisions "
                + "there would not be its own");
        // the dashboard's live agents: flagged in the list, refused as a live world
        dev.scalewise.web.PolicyProvider agents = DashboardAdapters.agents(tmp);
        assertThat(agents.choices()).extracting(dev.scalewise.web.PolicyProvider.Choice::description)
                .containsExactly("trained agent of run seed-b-run (trained on the legacy-seed-b-v1 environment: not run live)");
        dev.scalewise.workload.Trace trace = new dev.scalewise.workload.Trace("flat", 60, new double[] {50, 50});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> agents.create("agent:seed-b-run",
                        new dev.scalewise.web.PolicyProvider.Context(trace, dev.scalewise.env.EnvConfig.defaults(), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agent:seed-b-run was trained on the legacy-seed-b-v1 environment, but live worlds run "
                        + "autoscale-v1 (other dynamics, observations and scale); its score here would not be its own");
    }

    @Test
    void aDefaultEnvironmentModelStaysOfferedLiveAndExplained(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("plain");
        dev.scalewise.experiment.Trainer.train(dev.scalewise.experiment.TrainSpec.defaults().withEpisodes(1).withSeed(7),
                run, dev.scalewise.experiment.Trainer.Options.quiet());
        dev.scalewise.web.PolicyProvider agents = DashboardAdapters.agents(tmp);
        assertThat(agents.choices()).extracting(dev.scalewise.web.PolicyProvider.Choice::description)
                .containsExactly("trained agent of run plain");
        dev.scalewise.workload.Trace trace = new dev.scalewise.workload.Trace("flat", 60, new double[] {50, 50});
        assertThat(agents.create("agent:plain", new dev.scalewise.web.PolicyProvider.Context(trace,
                dev.scalewise.env.EnvConfig.defaults(), 1))).isNotNull();
        assertThat(CliTest.runOk("explain", "--run-dir", run.toString(), "--top", "1")).contains("policy ");
    }

    @Test
    void aRunTrainedWithRandomizedEpisodesIsExplainedOnItsBaseScenario(@TempDir Path tmp) {
        // train's default draws a scale and boot delay per episode; explain replays the base scenario and says so
        Path run = tmp.resolve("randomized");
        CliTest.runOk("train", "--episodes", "1", "--checkpoint-every", "0", "--out", run.toString());
        String out = CliTest.runOk("explain", "--run-dir", run.toString(), "--top", "1");
        assertThat(out).contains("(explained on the run's workload at its base scale and boot delay; training drew both "
                + "at random per episode)");
    }
}
