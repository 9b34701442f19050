package dev.scalewise.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A fixed yardstick for a loaded machine: run in the same JMH session as the physics benchmarks, the ratio of a
 * benchmark's score to this one's is what the machine's load does not change (both get the same share of a core),
 * so it compares runs made at different loads. The work is fixed and uses no project code: a SplitMix64 step
 * (three multiplies, shifts and xors) and one {@code Math.exp}, the mix of integer and floating-point work of the
 * simulators, {@link #WORK} times per operation.
 *
 * <p>{@code java -jar scalewise-bench/target/benchmarks.jar 'DesBenchmark|ReferenceBenchmark' -f 1}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReferenceBenchmark {
    static final int WORK = 1024;

    @State(Scope.Thread)
    public static class Seed {
        long state = 42;
    }

    /** {@link #WORK} fixed units of work; the score is units per second. */
    @Benchmark
    @OperationsPerInvocation(WORK)
    public double reference(Seed s) {
        long x = s.state;
        double acc = 0;
        for (int i = 0; i < WORK; i++) {
            long z = (x += 0x9e3779b97f4a7c15L);
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            z ^= z >>> 31;
            acc += Math.exp(-(z >>> 11) * 0x1.0p-50);
        }
        s.state = x;
        return acc;
    }
}
