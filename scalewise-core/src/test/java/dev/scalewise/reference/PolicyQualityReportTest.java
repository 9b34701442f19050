package dev.scalewise.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.experiment.Metric;
import dev.scalewise.workload.SharedTraces;
import dev.scalewise.workload.TraceCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyQualityReportTest {

    @Test
    void everyPolicyOnAHeldOutSliceOfASharedTraceAtATinyBudget(@TempDir Path dir) throws Exception {
        TraceCatalog catalog = TraceCatalog.fromEnvironment(SharedTraces.dir().toString());
        PolicyQualityReport.Spec spec = new PolicyQualityReport.Spec(List.of("mooncake-conversation"), 0.7, 1, 2, 120,
                20, 42);
        PolicyQualityReport.Result r = PolicyQualityReport.run(spec, catalog, dir, null);
        PolicyQualityReport.TraceResult t = r.traces().get(0);
        assertThat(t.trainSteps()).isGreaterThan(30);
        assertThat(t.heldOutSteps()).isGreaterThan(10);
        assertThat(t.env().serviceRate()).isEqualTo(5.0);
        assertThat(t.env().sloSeconds()).isEqualTo(1.0);
        for (String p : List.of("static", "hpa", "hpa-tuned", "aws-target-tracking-tuned", "mpc", "perfect-forecast",
                "oracle", PolicyQualityReport.AGENT)) {
            assertThat(t.comparison().policy(p).perSeed()).as(p).hasSize(2);
        }
        assertThat(t.comparison().policy("oracle").mean(Metric.REGRET_VS_ORACLE_PCT)).isZero();
        assertThat(t.knobs().get("perfect-forecast")).matches("(rate )?margin [0-9.]+");
        assertThat(t.knobs().get("hpa-tuned")).startsWith("target ");
        // the agent's training seed, chosen on the training part among three, and the fallback's score for context
        assertThat(t.knobs().get(PolicyQualityReport.AGENT)).startsWith("training seed 4").contains(" of 42-44 ")
                .contains("always the mpc action $").contains("; base margin ");
        assertThat(dir.resolve("mooncake-conversation")).isDirectory();
        // The agent row is the default agent trained as demo trains it: scale-free state, headroom targets, random
        // scales and boot delays (until issue 14's second round the report trained the classic agent).
        dev.scalewise.experiment.TrainSpec trained = dev.scalewise.run.RunDirectory.open(dir.resolve(
                "mooncake-conversation")).readJson(dev.scalewise.run.RunDirectory.SPEC, dev.scalewise.experiment.TrainSpec.class);
        assertThat(trained.encoder().type()).isEqualTo(dev.scalewise.agent.ScaleFreeEncoder.TYPE);
        assertThat(trained.margins()).isNotEmpty();
        assertThat(trained.scenario().randomization()).isEqualTo(dev.scalewise.experiment.Randomization.defaults());
        String md = PolicyQualityReport.markdown(r, "./scalewise report policy-quality --traces mooncake-conversation");
        assertThat(md).contains("./scalewise report policy-quality --traces mooncake-conversation")
                .contains("| mooncake-conversation | mpc |").contains("| mooncake-conversation | agent |")
                .contains("total $").contains("flaps/day").contains("Best causal policy by total cost")
                .contains("| policy | mooncake-conversation |");
        // Same spec, same numbers.
        PolicyQualityReport.Result again = PolicyQualityReport.run(spec, catalog, dir.resolve("again"), null);
        assertThat(again.traces().get(0).comparison().policy("mpc").perSeed())
                .isEqualTo(t.comparison().policy("mpc").perSeed());
    }
}
