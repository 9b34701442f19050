package dev.scalewise.experiment;

import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import dev.scalewise.workload.Workloads;
import java.util.Arrays;
import java.util.List;

/**
 * Synthetic comparison scenarios in requests/s (until real traces are available): a trace to evaluate on, preceded
 * by an observed history (for predictive scaling, which needs at least a day of it).
 */
public final class Scenarios {
    private Scenarios() {
    }

    /** Names accepted by {@link #synthetic}. */
    public static final List<String> NAMES = List.of("diurnal", "seed-b", "flash-crowd", "step");

    /**
     * A trace to compare on and the history before it.
     *
     * @param trace   the evaluation slice
     * @param history arrival rates observed before it
     */
    public record Scenario(Trace trace, double[] history) {
    }

    /**
     * Generates {@code historySteps + steps} one-minute steps of a synthetic workload with the given trace seed and
     * splits them: the first {@code historySteps} are history, the rest the evaluation trace.
     *
     * <ul>
     *   <li>{@code diurnal}: 100 + 80 sin(2 pi t / 1 day) req/s, Gaussian noise sigma 5 (peak about 180 req/s);</li>
     *   <li>{@code seed-b}: the second seed's unit-free load (daily sinusoid 0.4 +- 0.3, noise 0.05, spikes +0.4
     *   with probability 0.005) x 200 req/s;</li>
     *   <li>{@code flash-crowd}: 40 req/s with a 5x flash crowd a third of the way into the evaluation slice
     *   (10-step ramp, 30-step hold, 20-step half-life);</li>
     *   <li>{@code step}: 50 req/s, then 150 req/s from the middle of the evaluation slice.</li>
     * </ul>
     */
    public static Scenario synthetic(String name, int steps, int historySteps, long traceSeed) {
        if (steps < 1 || historySteps < 0) {
            throw new IllegalArgumentException("steps must be >= 1 and historySteps >= 0, got " + steps + ", " + historySteps);
        }
        int n = steps + historySteps;
        Workload w = switch (name) {
            case "diurnal" -> Workloads.diurnal(n, 60, 100, 80, 1440, 5);
            case "seed-b" -> Workloads.seedB(n, 60, 1440, 0.4, 0.3, 0.05, 0.005, 0.4).scaled(200);
            case "flash-crowd" -> Workloads.flashCrowd(n, 60, 40, 5, historySteps + steps / 3, 10, 30, 20);
            case "step" -> Workloads.step(n, 60, 50, 150, historySteps + steps / 2);
            default -> throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + String.join(", ", NAMES));
        };
        Trace full = w.generate(Seeds.stream(traceSeed, "workload"));
        Trace eval = full.slice(historySteps, n).named(name);
        return new Scenario(eval, Arrays.copyOfRange(full.rates(), 0, historySteps));
    }

    /**
     * The environment with every policy starting warm: {@code initialInstances} sized for the trace's first rate at
     * 70% utilization (within the bounds), so that no policy is judged on a cold start none of them caused.
     */
    public static EnvConfig warmStart(EnvConfig env, Trace trace) {
        ClusterConfig c = env.cluster();
        int need = (int) Math.ceil(trace.rate(0) / (env.serviceRate() * 0.7) - 1e-9);
        int initial = Math.max(c.minInstances(), Math.min(c.maxInstances(), Math.max(1, need)));
        return env.withCluster(c.withBounds(c.minInstances(), c.maxInstances(), initial));
    }
}
