package dev.scalewise.bench;

import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.experiment.Trainer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole trainings in process, without files: the seed projects' settings at their own scale.
 * <ul>
 *   <li>{@code seedA}: the {@code seed-a} preset, 500 episodes x 200 steps = 100,000 steps (target: under
 *       50 ms; the seed's Python takes 5.5 s);</li>
 *   <li>{@code seedB}: the {@code seed-b} preset, 200 episodes x 4,320 steps = 864,000 steps (target: under
 *       500 ms; the seed's Python takes 20 s).</li>
 * </ul>
 * Run: {@code java -jar scalewise-bench/target/benchmarks.jar TrainingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class TrainingBenchmark {
    private final TrainSpec seedA = TrainSpec.seedA();
    private final TrainSpec seedB = TrainSpec.seedB();

    /** Returns the mean return of the last 50 episodes, so that nothing is optimised away. */
    @Benchmark
    public double seedA() {
        return Trainer.trainInMemory(seedA, Scenarios.NO_TRACES).meanReturnLast50();
    }

    @Benchmark
    public double seedB() {
        return Trainer.trainInMemory(seedB, Scenarios.NO_TRACES).meanReturnLast50();
    }
}
