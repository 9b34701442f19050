package dev.scalewise.bench;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.agent.QTable;
import dev.scalewise.agent.ScaleFreeEncoder;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.explain.DecisionRecord;
import dev.scalewise.explain.Explainer;
import dev.scalewise.forecast.EwmaForecaster;
import dev.scalewise.forecast.ForecastFeature;
import dev.scalewise.forecast.ForecastingPolicy;
import dev.scalewise.policy.Policy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Workloads;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The explainer's {@code top(episode, 10)} (every decision of the episode explained, as {@code demo} does) on a day
 * of one-minute steps, for the demo's kind of agent: a greedy policy with a 10-step scale-down window wrapped with
 * its EWMA forecast ({@code fork}: it can be copied, so the explainer replays it once per episode), and the same
 * policy behind a wrapper that cannot be copied ({@code replay}: replayed from step 0 for every rollout, as every
 * policy was before). The Q-values are arbitrary (seeded), so the policy moves. Same records either way
 * ({@code ExplainerTest}).
 *
 * <p>{@code java -jar scalewise-bench/target/benchmarks.jar ExplainBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class ExplainBenchmark {
    @Param({"fork", "replay"})
    String policy;
    Explainer explainer;
    Explainer.Episode episode;

    @Setup(Level.Trial)
    public void setup() {
        AutoscaleEnv env = new AutoscaleEnv(EnvConfig.defaults(), Workloads.diurnal(1440, 60, 100, 80, 120, 10),
                CostSlaReward.defaults());
        Supplier<Policy> forkable = () -> new ForecastingPolicy(windowed(), ForecastFeature.of(new EwmaForecaster(0.3)));
        Supplier<Policy> replayOnly = () -> {
            Policy inner = forkable.get();
            return new Policy() {
                @Override
                public String name() {
                    return inner.name();
                }

                @Override
                public void reset(EnvSpec spec) {
                    inner.reset(spec);
                }

                @Override
                public int act(Observation o) {
                    return inner.act(o);
                }
            };
        };
        explainer = new Explainer(env, "fork".equals(policy) ? forkable : replayOnly, 30);
        episode = explainer.run(1);
    }

    private static GreedyPolicy windowed() {
        ScaleFreeEncoder encoder = ScaleFreeEncoder.defaults();
        ActionSet actions = ActionSet.of(List.of(0), List.of(0.0, 0.1, 0.2, 0.4), new ActionSet.Residual(0.2, 10));
        QTable q = new QTable(encoder.size(), actions.size());
        SplittableRandom r = new SplittableRandom(11);
        for (int s = 0; s < encoder.size(); s++) {
            for (int a = 0; a < actions.size(); a++) {
                q.set(s, a, r.nextDouble());
            }
        }
        return new GreedyPolicy("bench", q, actions, encoder);
    }

    @Benchmark
    public List<DecisionRecord> top10() {
        return explainer.top(episode, 10);
    }
}
