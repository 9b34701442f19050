package dev.scalewise.bench;

import dev.scalewise.queue.RequestLevelSimulator;
import dev.scalewise.queue.StepOutcome;
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
 * Requests per second of the request-level simulation ({@code --physics des}): one 60 s step of exactly
 * {@link #REQUESTS} expected arrivals at 90% utilization (mu = 20/s, Q = 5,000) on c = 10 / 100 / 1000 servers,
 * per-step KPIs (exact p50/p95/p99 by selection) included. Throughput is reported in requests/s. Beside it, the
 * fast model's stationary path and its diffusion path (steps/s). On a loaded machine run it with
 * {@link ReferenceBenchmark} and quote ratios; {@link CpuThroughput} measures the same work in thread CPU time.
 *
 * <p>{@code java -jar scalewise-bench/target/benchmarks.jar 'DesBenchmark|ReferenceBenchmark' -f 3 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DesBenchmark {
    /** Expected arrivals of one benchmarked step. */
    static final int REQUESTS = 60_000;

    @State(Scope.Thread)
    public static class Sim {
        @Param({"10", "100", "1000"})
        int servers;
        RequestLevelSimulator des;
        double dt;
        double lambda;

        @Setup(Level.Trial)
        public void setup() {
            des = new RequestLevelSimulator(5000, true, 1);
            lambda = 0.9 * servers * 20;
            dt = REQUESTS / lambda;
            des.step(lambda, 20, servers, dt);
        }
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public double requests(Sim s) {
        StepOutcome o = s.des.step(s.lambda, 20, s.servers, s.dt);
        return o.p95();
    }

    /**
     * The fast model's common path, the one issue #12's ">= 1 M steps/s at c = 100" is about: one stationary step
     * at c = 100 (75-85% utilization, the rate varying step to step so nothing is cached), Erlang recursion, M/M/c/K
     * drops and three quantiles.
     */
    @State(Scope.Thread)
    public static class Stationary {
        final dev.scalewise.queue.HybridQueueModel model = new dev.scalewise.queue.HybridQueueModel(5000);
        int i;
    }

    @Benchmark
    public double fastModelStationaryStep(Stationary s) {
        double rate = 100 * 20 * (0.75 + 0.1 * ((s.i++ * 7919) % 101) / 100.0);
        return s.model.serve(rate, 20, 100, 0, 60).p95();
    }

    /** The fast model's slow path for comparison: one near-critical step (rho = 0.99, c = 100) with a carried backlog. */
    @State(Scope.Thread)
    public static class NearCritical {
        final dev.scalewise.queue.HybridQueueModel model = new dev.scalewise.queue.HybridQueueModel(5000);
        double backlog;
    }

    @Benchmark
    public double fastModelNearCriticalStep(NearCritical s) {
        StepOutcome o = s.model.serve(0.99 * 100 * 20, 20, 100, s.backlog, 60);
        s.backlog = o.backlogAfter() > 2000 ? 0 : o.backlogAfter();
        return o.p95();
    }
}
