package dev.scalewise.bench;

import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.LegacySeedBEnv;
import dev.scalewise.env.StepBuffer;
import dev.scalewise.env.StepResult;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import dev.scalewise.workload.Workloads;
import java.util.concurrent.TimeUnit;
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
 * Throughput of one environment step: the honest physics at c = 10, 100, 1000 ready instances (stable M/M/c at
 * 75-85% utilization with Poisson arrivals: Erlang recursion, M/M/c/K drops, three quantiles, billing, reward)
 * and the second seed's legacy preset, each through {@code step()} (immutable records) and the allocation-free
 * {@code stepInto()}. Traces are generated once at setup, so a reset every 65,536 steps costs almost nothing.
 *
 * <p>{@code java -jar scalewise-bench/target/benchmarks.jar StepBenchmark -f 3 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StepBenchmark {

    /** The honest environment at a given number of servers. */
    @State(Scope.Thread)
    public static class Honest {
        @Param({"10", "100", "1000"})
        int servers;
        AutoscaleEnv env;
        StepBuffer buffer;

        @Setup(Level.Trial)
        public void setup() {
            int steps = 1 << 16;
            double mu = 20;
            double[] rates = new double[steps];
            for (int i = 0; i < steps; i++) {
                rates[i] = servers * mu * (0.75 + 0.1 * ((i * 7919) % 101) / 100.0);
            }
            EnvConfig cfg = EnvConfig.defaults().withPoissonArrivals(true)
                    .withCluster(new ClusterConfig(1, 2 * servers, servers, 120, 0.1, 60));
            env = new AutoscaleEnv(cfg, Workload.fixed(new Trace("bench", 60, rates)), CostSlaReward.defaults());
            env.reset(1);
            buffer = env.newBuffer();
        }
    }

    /** The second seed's legacy preset on its own generator. */
    @State(Scope.Thread)
    public static class Legacy {
        LegacySeedBEnv env;
        StepBuffer buffer;

        @Setup(Level.Trial)
        public void setup() {
            // The seed's generator, drawn once: the benchmark measures step(), not trace generation at reset.
            Trace trace = Workloads.seedB(1 << 16, 60, 1440, 0.4, 0.3, 0.05, 0.005, 0.4)
                    .generate(new dev.scalewise.experiment.SplitMix64(1));
            env = new LegacySeedBEnv(Workload.fixed(trace), CostSlaReward.defaults(), 0.1);
            env.reset(1);
            buffer = env.newBuffer();
        }
    }

    @Benchmark
    public StepResult honestStep(Honest s) {
        StepResult r = s.env.step(0);
        if (r.truncated()) {
            s.env.reset(1);
        }
        return r;
    }

    /** The allocation-free path ({@code FastStepping.stepInto}) used by training loops. */
    @Benchmark
    public double honestStepInto(Honest s) {
        s.env.stepInto(0, s.buffer);
        if (s.buffer.truncated) {
            s.env.reset(1);
        }
        return s.buffer.p95;
    }

    /** The allocation-free path of the legacy preset. */
    @Benchmark
    public double legacySeedBStepInto(Legacy s) {
        s.env.stepInto(0, s.buffer);
        if (s.buffer.truncated) {
            s.env.reset(1);
        }
        return s.buffer.reward;
    }

    @Benchmark
    public StepResult legacySeedBStep(Legacy s) {
        StepResult r = s.env.step(0);
        if (r.truncated()) {
            s.env.reset(1);
        }
        return r;
    }
}
