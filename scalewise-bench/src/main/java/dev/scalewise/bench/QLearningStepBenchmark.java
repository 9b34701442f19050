package dev.scalewise.bench;

import dev.scalewise.agent.ExplorationSchedule;
import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.experiment.TrainingLoop;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of one full Q-learning training step on the honest physics (issue #18: at least 3 M steps/s on one
 * core): encode the observation, choose an epsilon-greedy action, step the environment ({@code stepInto}, as
 * {@link TrainingLoop} does), update the table. The environment is {@link StepBenchmark}'s at c = 100 (75-85%
 * utilization, Poisson arrivals) with the instance count bounded to 90..110 (what the agent learns would otherwise
 * move it anywhere, and the physics' cost grows with c), in episodes of {@link #STEPS} steps; the agent is the
 * default training's ({@code default}: the default encoder, moves {-1, 0, +1}, the cost-SLA reward) or the
 * scale-free agent's ({@code scale-free}: its encoder, hold plus headroom targets, its reward), at a constant
 * epsilon of 0.1. Each invocation is one episode through {@link TrainingLoop#runEpisode}, so the
 * score is in training steps per second.
 *
 * <p>{@code java -jar scalewise-bench/target/benchmarks.jar QLearningStepBenchmark -f 1 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QLearningStepBenchmark {
    static final int STEPS = 4096;

    @State(Scope.Thread)
    public static class Loop {
        @Param({"default", "scale-free"})
        String agent;
        TrainingLoop loop;
        int episode;

        @Setup(Level.Trial)
        public void setup() {
            int servers = 100;
            double mu = 20;
            double[] rates = new double[STEPS];
            for (int i = 0; i < STEPS; i++) {
                rates[i] = servers * mu * (0.75 + 0.1 * ((i * 7919) % 101) / 100.0);
            }
            TrainSpec spec = "scale-free".equals(agent) ? TrainSpec.scaleFree() : TrainSpec.defaults();
            EnvConfig cfg = EnvConfig.defaults().withPoissonArrivals(true)
                    .withCluster(new ClusterConfig(servers - 10, servers + 10, servers, 120, 0.1, 60));
            AutoscaleEnv env = new AutoscaleEnv(cfg, Workload.fixed(new Trace("bench", 60, rates)), spec.newReward());
            loop = new TrainingLoop(env, spec.newEncoder(), spec.newAgent(), new ExplorationSchedule.Constant(0.1), 1);
        }
    }

    /** One episode of {@link #STEPS} training steps; returns its step count so nothing is optimised away. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public int trainingStep(Loop s) {
        return s.loop.runEpisode(s.episode++, null);
    }
}
