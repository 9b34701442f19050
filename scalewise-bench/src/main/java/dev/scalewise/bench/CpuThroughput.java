package dev.scalewise.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The physics benchmarks' work measured in the benchmark thread's CPU time instead of wall time: on a machine
 * shared with other builds, wall-clock throughput falls with the load (JMH's scores did, 2 to 10 times), while
 * the CPU time a thread is given for its own work changes far less (caches and the sibling hyper-thread still
 * compete, so it is no better than an idle machine). Each line is the median over 11 rounds of about 0.3 s of CPU
 * each, after 5 warm-up rounds, and its ratio to the {@link ReferenceBenchmark} yardstick measured the same way.
 *
 * <p>{@code java -cp scalewise-bench/target/benchmarks.jar dev.scalewise.bench.CpuThroughput [WORDS]}: with
 * words, only the lines whose name contains one of them (e.g. {@code step} for the environment and training steps).
 */
public final class CpuThroughput {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static double referenceRate = Double.NaN;
    private static String[] only = new String[0];

    private CpuThroughput() {
    }

    public static void main(String[] args) {
        only = args.clone();
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            System.err.println("error: this JVM cannot read a thread's CPU time");
            System.exit(2);
        }
        ReferenceBenchmark reference = new ReferenceBenchmark();
        ReferenceBenchmark.Seed seed = new ReferenceBenchmark.Seed();
        referenceRate = report("reference (units/s)", ReferenceBenchmark.WORK, () -> reference.reference(seed));
        DesBenchmark des = new DesBenchmark();
        for (int c : new int[] {10, 100, 1000}) {
            DesBenchmark.Sim sim = new DesBenchmark.Sim();
            sim.servers = c;
            sim.setup();
            report("request-level simulation, c = " + c + " (requests/s)", DesBenchmark.REQUESTS,
                    () -> des.requests(sim));
        }
        DesBenchmark.Stationary stationary = new DesBenchmark.Stationary();
        report("fast model, stationary step, c = 100 (steps/s)", 1, () -> des.fastModelStationaryStep(stationary));
        DesBenchmark.NearCritical near = new DesBenchmark.NearCritical();
        report("fast model, near-critical step, c = 100 (steps/s)", 1, () -> des.fastModelNearCriticalStep(near));
        StepBenchmark step = new StepBenchmark();
        StepBenchmark.Honest honest = new StepBenchmark.Honest();
        honest.servers = 100;
        honest.setup();
        report("environment step(), honest physics, c = 100 (steps/s)", 1, () -> step.honestStep(honest).reward());
        report("environment stepInto(), honest physics, c = 100 (steps/s)", 1, () -> step.honestStepInto(honest));
        QLearningStepBenchmark training = new QLearningStepBenchmark();
        for (String agent : new String[] {"default", "scale-free"}) {
            QLearningStepBenchmark.Loop loop = new QLearningStepBenchmark.Loop();
            loop.agent = agent;
            loop.setup();
            report("Q-learning training step, " + agent + " agent, c = 100 (steps/s)", QLearningStepBenchmark.STEPS,
                    () -> training.trainingStep(loop));
        }
    }

    /** Prints and returns the median rate of {@code op} in CPU time, with its ratio to the reference. */
    private static double report(String what, int opsPerCall, DoubleSupplier op) {
        if (only.length > 0 && !what.startsWith("reference")
                && Arrays.stream(only).noneMatch(w -> what.contains(w))) {
            return Double.NaN;
        }
        double sink = 0;
        long calls = 1;
        // size a round to about 0.3 s of CPU
        while (true) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            for (long i = 0; i < calls; i++) {
                sink += op.getAsDouble();
            }
            if (THREADS.getCurrentThreadCpuTime() - t0 > 50_000_000L) {
                calls *= 6;
                break;
            }
            calls *= 2;
        }
        double[] rates = new double[11];
        for (int round = -5; round < rates.length; round++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            for (long i = 0; i < calls; i++) {
                sink += op.getAsDouble();
            }
            long cpu = THREADS.getCurrentThreadCpuTime() - t0;
            if (round >= 0) {
                rates[round] = calls * (double) opsPerCall / (cpu / 1e9);
            }
        }
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "%-58s median %,14.0f  (min %,.0f, max %,.0f)  %.5f x reference%s%n", what,
                rates[5], rates[0], rates[10], rates[5] / (Double.isNaN(referenceRate) ? rates[5] : referenceRate),
                Double.isNaN(sink) ? " NaN" : "");
        return rates[5];
    }
}
