package dev.scalewise.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.agent.Agent;
import dev.scalewise.env.Environment;
import dev.scalewise.env.StepInfo;
import dev.scalewise.env.StepResult;
import dev.scalewise.reward.RewardFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepRowsTest {
    @TempDir
    Path tmp;

    @Test
    void doublesAreWrittenAsDoubleToString() {
        double[] special = {0.0, -0.0, 1.0, -1.0, 0.5, 9_999_999.0, 10_000_000.0, -9_999_999.0, -10_000_000.0, 1e-3,
            0.001 / 3, 1e300, -1e-300, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 4.0E-4, 123456.0, 0.1 + 0.2, (double) Long.MAX_VALUE, (double) Long.MIN_VALUE};
        for (double x : special) {
            assertThat(StepRows.appendDouble(new StringBuilder(), x).toString()).isEqualTo(Double.toString(x));
        }
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            double x = switch (i % 3) {
                case 0 -> rng.nextInt(-20_000_000, 20_000_000);
                case 1 -> rng.nextInt(-1000, 1000) / 10.0;
                default -> Double.longBitsToDouble(rng.nextLong());
            };
            assertThat(StepRows.appendDouble(new StringBuilder(), x).toString()).isEqualTo(Double.toString(x));
        }
    }

    /**
     * The steps.csv a training writes is what the training thread used to format itself: here re-formatted the old
     * way from a second run of the same episodes (there through records). All three environments step into a buffer:
     * seed-b (several blocks, drained at the checkpoints), seed-a and the randomized one of the scale-free agent.
     */
    @Test
    void stepsCsvIsTheOldFormatByteForByte() throws IOException {
        for (TrainSpec spec : new TrainSpec[] {
            TrainSpec.seedB().withEpisodes(3).withKeepStepsEvery(1).withCheckpointEvery(2),
            TrainSpec.seedB().withEpisodes(5).withKeepStepsEvery(2).withCheckpointEvery(0),
            TrainSpec.seedA().withEpisodes(30).withKeepStepsEvery(3),
            TrainSpec.scaleFree().withEpisodes(2).withKeepStepsEvery(1).withCheckpointEvery(0)}) {
            Path dir = tmp.resolve("run-" + spec.episodes() + "-" + spec.scenario().env());
            Trainer.train(spec, dir, Trainer.Options.quiet());
            assertThat(Files.readString(dir.resolve("steps.csv"), StandardCharsets.UTF_8)).isEqualTo(oldFormat(spec));
        }
    }

    @Test
    void bufferedSteppingTrainsLikeStepping() {
        // the loop steps a FastStepping environment into its buffer; hidden behind a plain Environment it steps
        // through records: the same returns and tables, for every environment that steps into a buffer
        for (TrainSpec spec : new TrainSpec[] {TrainSpec.seedB().withEpisodes(4), TrainSpec.seedA().withEpisodes(20),
            TrainSpec.scaleFree().withEpisodes(3)}) {
            Environment fast = Scenarios.environment(spec.scenario(), spec.newReward(), Scenarios.NO_TRACES);
            assertThat(fast).as(fast.id()).isInstanceOf(dev.scalewise.env.FastStepping.class);
            Environment hidden = hidden(Scenarios.environment(spec.scenario(), spec.newReward(), Scenarios.NO_TRACES));
            double[][] returns = new double[2][spec.episodes()];
            Agent[] agents = {spec.newAgent(), spec.newAgent()};
            Environment[] envs = {fast, hidden};
            for (int k = 0; k < 2; k++) {
                double[] r = returns[k];
                new TrainingLoop(envs[k], spec.newEncoder(), agents[k], spec.exploration(), spec.seed())
                        .run(0, spec.episodes(), new TrainingLoop.Listener() {
                            @Override
                            public void onEpisodeEnd(int episode, double episodeReturn, int steps, double epsilon) {
                                r[episode] = episodeReturn;
                            }
                        });
            }
            assertThat(returns[0]).as(fast.id()).containsExactly(returns[1]);
            assertThat(dev.scalewise.agent.ModelFile.encode(dev.scalewise.agent.ModelFile.of(agents[0],
                    spec.newEncoder(), java.util.Map.of()))).as(fast.id()).isEqualTo(dev.scalewise.agent.ModelFile.encode(
                            dev.scalewise.agent.ModelFile.of(agents[1], spec.newEncoder(), java.util.Map.of())));
        }
    }

    @Test
    void bufferedEpisodesEvaluateLikeStepping() {
        // Episodes.run steps a FastStepping environment into a buffer; behind a plain Environment, through records:
        // the same indicators and the same infos for the listener
        for (TrainSpec spec : new TrainSpec[] {TrainSpec.seedA(), TrainSpec.seedB(), TrainSpec.scaleFree()}) {
            java.util.List<java.util.List<StepInfo>> infos = java.util.List.of(new java.util.ArrayList<>(),
                    new java.util.ArrayList<>());
            dev.scalewise.metrics.Kpis[] kpis = new dev.scalewise.metrics.Kpis[2];
            for (int k = 0; k < 2; k++) {
                Environment env = Scenarios.environment(spec.scenario(), spec.newReward(), Scenarios.NO_TRACES);
                assertThat(env).isInstanceOf(dev.scalewise.env.FastStepping.class);
                kpis[k] = Episodes.run(k == 0 ? env : hidden(env), dev.scalewise.policy.HpaPolicy.defaults(), 7,
                        infos.get(k)::add);
            }
            assertThat(infos.get(0)).as(spec.scenario().env()).hasSizeGreaterThan(100);
            assertThat(kpis[0]).as(spec.scenario().env()).usingRecursiveComparison().isEqualTo(kpis[1]);
            assertThat(infos.get(0).stream().map(StepRowsTest::fields).toList()).as(spec.scenario().env())
                    .containsExactlyElementsOf(infos.get(1).stream().map(StepRowsTest::fields).toList());
        }
    }

    /** Every component of {@code info}, the reward terms by value. */
    private static String fields(StepInfo info) {
        StringBuilder out = new StringBuilder();
        for (java.lang.reflect.RecordComponent c : StepInfo.class.getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(info);
                out.append(c.getName()).append('=')
                        .append(v instanceof double[] d ? java.util.Arrays.toString(d) : String.valueOf(v)).append(' ');
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    /** {@code env} behind a plain {@link Environment}: a training loop steps it through records. */
    private static Environment hidden(Environment env) {
        return new Environment() {
            @Override
            public String id() {
                return env.id();
            }

            @Override
            public dev.scalewise.env.Observation reset(long seed) {
                return env.reset(seed);
            }

            @Override
            public StepResult step(int delta) {
                return env.step(delta);
            }

            @Override
            public dev.scalewise.env.EnvSpec spec() {
                return env.spec();
            }
        };
    }

    /** The Recorder's formatting before StepRows: every value through StringBuilder.append, on the training thread. */
    private static String oldFormat(TrainSpec spec) {
        RewardFunction reward = spec.newReward();
        StringBuilder out = new StringBuilder("episode,t,state,arrival_rate,ready,booting,utilization,p95_latency_s,"
                + "dropped,action,reward");
        for (String term : reward.termNames()) {
            out.append(",reward_").append(term);
        }
        out.append(",epsilon\n");
        Environment env = Scenarios.environment(spec.scenario(), reward, Scenarios.NO_TRACES);
        Agent agent = spec.newAgent();
        TrainingLoop loop = new TrainingLoop(env, spec.newEncoder(), agent, spec.exploration(), spec.seed());
        loop.run(0, spec.episodes(), new TrainingLoop.Listener() {
            boolean keep;
            double epsilon;

            @Override
            public void onEpisodeStart(int episode, double eps) {
                int every = spec.keepStepsEvery();
                keep = every > 0 && (episode % every == 0 || episode == spec.episodes() - 1);
                epsilon = eps;
            }

            @Override
            public void onStep(int episode, int state, int action, StepResult r) {
                if (!keep) {
                    return;
                }
                StepInfo s = r.info();
                out.append(episode).append(',').append(s.step()).append(',').append(state).append(',')
                        .append(s.arrivalRate()).append(',').append(s.ready()).append(',').append(s.booting()).append(',')
                        .append(s.utilization()).append(',').append(s.p95()).append(',').append(s.dropped()).append(',')
                        .append(s.requestedDelta()).append(',').append(s.reward());
                for (double term : s.rewardTerms()) {
                    out.append(',').append(term);
                }
                out.append(',').append(epsilon).append('\n');
            }
        });
        return out.toString();
    }
}
