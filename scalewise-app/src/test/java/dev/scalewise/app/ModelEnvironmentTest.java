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
    }
}
