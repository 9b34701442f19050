package dev.scalewise.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.agent.ModelFile;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepResult;
import dev.scalewise.run.RunDirectory;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default (scale-free) agent: randomized episodes, reproducible training, saved and loaded from a run folder. */
class ScaleFreeTrainingTest {

    /** The default agent on four-hour diurnal episodes, so that tests stay fast. */
    static TrainSpec small() {
        WorkloadSpec w = new WorkloadSpec(Scenarios.DEFAULT_WORKLOAD,
                Map.of("steps", 240.0, "periodSteps", 240.0, "troughRate", 60.0), null);
        TrainSpec d = TrainSpec.scaleFree();
        return d.withScenario(d.scenario().withWorkload(w)).withEpisodes(12).withCheckpointEvery(0)
                .withKeepStepsEvery(0).withSeed(5);
    }

    @Test
    void randomizedEpisodesDrawScaleAndBootDelayFromTheirSeed() {
        TrainSpec spec = small();
        RandomizedEnv env = (RandomizedEnv) Scenarios.environment(spec.scenario(), spec.newReward(), Scenarios.NO_TRACES);
        Observation a = env.reset(1);
        double peakA = env.current().trace().peakRate();
        double bootA = env.spec().bootDelaySeconds();
        Observation again = env.reset(1);
        assertThat(again).isEqualTo(a);
        assertThat(env.current().trace().peakRate()).isEqualTo(peakA);
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (long s = 2; s < 40; s++) {
            env.reset(s);
            double peakInstances = env.current().trace().peakRate() / (20 * 0.7);
            assertThat(peakInstances).isBetween(3 - 1e-9, 200 + 1e-9);
            assertThat(env.spec().bootDelaySeconds()).isBetween(60.0, 300.0);
            assertThat(env.spec().maxInstances()).isGreaterThanOrEqualTo((int) Math.ceil(3 * peakInstances));
            lo = Math.min(lo, peakInstances);
            hi = Math.max(hi, peakInstances);
        }
        assertThat(hi / lo).as("log-uniform over 3..200 spreads the scales").isGreaterThan(10);
        assertThat(bootA).isBetween(60.0, 300.0);
    }

    @Test
    void sameSeedTrainsTheSameModelAndTheRunFolderLoadsIt(@TempDir Path tmp) throws Exception {
        TrainSpec spec = small();
        Trainer.Result a = Trainer.train(spec, tmp.resolve("a"), Trainer.Options.quiet());
        Trainer.Result b = Trainer.train(spec, tmp.resolve("b"), Trainer.Options.quiet());
        byte[] ma = java.nio.file.Files.readAllBytes(tmp.resolve("a").resolve(RunDirectory.MODEL));
        assertThat(ma).isEqualTo(java.nio.file.Files.readAllBytes(tmp.resolve("b").resolve(RunDirectory.MODEL)));
        assertThat(a.returns()).isEqualTo(b.returns());
        RunDirectory run = RunDirectory.open(tmp.resolve("a"));
        assertThat(run.readJson(RunDirectory.SPEC, TrainSpec.class)).isEqualTo(spec);
        ModelFile.SavedModel model = run.loadModel();
        assertThat(model.actions().margins()).containsExactly(0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 1.0);
        // The loaded policy acts like the trained one on a held-out trace.
        GreedyPolicy loaded = run.loadPolicy();
        GreedyPolicy trained = a.policy();
        Trace test = Scenarios.defaultWorkload(240, 60, 60, 200, 240, 0, 0.05, 0.9)
                .generate(Seeds.stream(99, "workload"));
        EnvConfig cfg = Scenarios.warmStart(EnvConfig.defaults(), test);
        AutoscaleEnv env = new AutoscaleEnv(cfg, Workload.fixed(test), spec.newReward());
        loaded.reset(env.spec());
        trained.reset(env.spec());
        Observation o = env.reset(3);
        while (true) {
            int d = loaded.act(o);
            assertThat(trained.act(o)).isEqualTo(d);
            StepResult r = env.step(d);
            if (r.done()) {
                break;
            }
            o = r.observation();
        }
    }
}
