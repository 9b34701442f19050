package dev.scalewise.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.Environment;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.forecast.ForecastingPolicy;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.policy.Policy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents trained with a forecast feature: spec round trip, loading, deterministic evaluation, compare. */
class AgentRunLoaderTest {

    private static TrainSpec small(ForecasterSpec f) {
        return TrainSpec.defaults().withEpisodes(12).withCheckpointEvery(0).withKeepStepsEvery(0)
                .withScenario(ScenarioSpec.defaults().withForecaster(f));
    }

    @Test
    void aForecasterIsSavedInTheSpecAndHonouredWhenTheAgentIsLoaded(@TempDir Path dir) throws Exception {
        Path with = dir.resolve("with");
        Path without = dir.resolve("without");
        Trainer.train(small(ForecasterSpec.of("holt").withHorizonSteps(10)), with, Trainer.Options.quiet());
        Trainer.train(small(null), without, Trainer.Options.quiet());
        TrainSpec read = RunDirectory.open(with).readJson(RunDirectory.SPEC, TrainSpec.class);
        assertThat(read.scenario().forecaster()).isEqualTo(ForecasterSpec.of("holt").withHorizonSteps(10));
        assertThat(read).isEqualTo(small(ForecasterSpec.of("holt").withHorizonSteps(10)));
        assertThat(Files.readString(without.resolve(RunDirectory.SPEC))).doesNotContain("forecaster");
        assertThat(RunDirectory.open(without).readJson(RunDirectory.SPEC, TrainSpec.class).scenario().forecaster()).isNull();

        AgentRunLoader loader = new AgentRunLoader();
        Policy wrapped = loader.policy(with);
        assertThat(wrapped).isInstanceOf(ForecastingPolicy.class);
        assertThat(loader.policy(without)).isInstanceOf(GreedyPolicy.class);

        // the bare greedy policy in the run's own environment (with its forecaster) and the wrapped policy in a
        // plain environment act identically, and again on a second load
        Environment own = loader.environment(with);
        assertThat(own).isInstanceOf(AutoscaleEnv.class);
        GreedyPolicy bare = RunDirectory.open(with).loadPolicy();
        AutoscaleEnv plain = (AutoscaleEnv) Scenarios.environment(ScenarioSpec.defaults(), read.newReward(),
                Scenarios.NO_TRACES);
        long seed = Seeds.derive(999, "eval", 0);
        Kpis a = Episodes.run(own, bare, seed, null);
        Kpis b = Episodes.run(plain, wrapped, seed, null);
        Kpis c = Episodes.run(plain, loader.policy(with), seed, null);
        assertThat(b).isEqualTo(a);
        assertThat(c).isEqualTo(a);
        // without the forecast the same table acts differently (the feature is informative)
        Kpis blind = Episodes.run(plain, RunDirectory.open(with).loadPolicy(), seed, null);
        assertThat(blind).isNotEqualTo(a);
    }

    @Test
    void theLoaderIsAServiceAndCompareRunsAgentsWithAndWithoutTheFeature(@TempDir Path dir) throws Exception {
        Path with = dir.resolve("with");
        Path without = dir.resolve("without");
        Trainer.train(small(ForecasterSpec.of("ewma")), with, Trainer.Options.quiet());
        Trainer.train(small(null), without, Trainer.Options.quiet());
        RunPolicyLoader service = ServiceLoader.load(RunPolicyLoader.class).stream()
                .map(ServiceLoader.Provider::get).filter(l -> l instanceof AgentRunLoader).findFirst().orElseThrow();
        assertThat(service.load(dir)).isEmpty();
        Scenarios.Scenario sc = Scenarios.synthetic("diurnal", 120, 0, 1);
        EnvConfig env = Scenarios.warmStart(EnvConfig.defaults(), sc.trace());
        PolicyRegistry registry = PolicyRegistry.defaults();
        List<Comparison.Entry> entries = List.of(
                new Comparison.Entry("with", service.load(with).orElseThrow()),
                new Comparison.Entry("without", service.load(without).orElseThrow()),
                new Comparison.Entry("aws-predictive:ewma", registry.factory("aws-predictive:ewma")));
        ComparisonResult r1 = Comparison.run(new Comparison.Setup(sc.trace(), sc.history(), env,
                CostSlaReward.defaults(), entries, List.of(1L, 2L), registry));
        ComparisonResult r2 = Comparison.run(new Comparison.Setup(sc.trace(), sc.history(), env,
                CostSlaReward.defaults(), entries, List.of(1L, 2L), registry));
        assertThat(r1.policies()).extracting(ComparisonResult.PolicyResult::name)
                .containsExactly("with", "without", "aws-predictive:ewma");
        assertThat(ComparisonReport.csv(r2)).isEqualTo(ComparisonReport.csv(r1));
    }
}
