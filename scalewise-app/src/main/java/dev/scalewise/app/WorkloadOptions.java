package dev.scalewise.app;

import dev.scalewise.workload.Workload;
import dev.scalewise.workload.Workloads;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command-line options choosing the workload: a real trace ({@code --trace}) or a synthetic generator. */
public final class WorkloadOptions {

    @Mixin
    TraceOptions trace;

    @Option(names = "--workload", description = "Synthetic workload when no --trace is given: diurnal (default), seed-a, "
            + "seed-b, step, flash-crowd.")
    String workload = "diurnal";

    @Option(names = "--steps", description = "Steps to generate (default: one day of steps).")
    Integer steps;

    @Option(names = "--peak-rate", description = "Peak arrival rate in requests/s the shape is scaled to (default: ${DEFAULT-VALUE}).")
    double peakRate = 270;

    /**
     * The workload for steps of {@code stepSeconds}: the {@code --trace} (sliced, scaled, resampled to the step)
     * when given, else the synthetic generator.
     */
    public Workload toWorkload(double stepSeconds, PrintWriter messages) {
        if (trace != null && trace.given()) {
            return Workload.fixed(trace.load(messages).resample(stepSeconds));
        }
        return synthetic(stepSeconds);
    }

    /** The synthetic generator for steps of {@code stepSeconds}. */
    public Workload synthetic(double stepSeconds) {
        int n = steps != null ? steps : (int) Math.round(86_400 / stepSeconds);
        if (n < 1) {
            throw new IllegalArgumentException("--steps must be >= 1, got " + n);
        }
        if (!(peakRate > 0)) {
            throw new IllegalArgumentException("--peak-rate must be > 0, got " + peakRate);
        }
        double day = 86_400 / stepSeconds;
        return switch (workload.toLowerCase(Locale.ROOT)) {
            // base + amplitude = peak; noise 4% of the peak.
            case "diurnal" -> Workloads.diurnal(n, stepSeconds, peakRate * 0.55, peakRate * 0.41, day, peakRate * 0.04);
            case "seed-a" -> Workloads.diurnal(n, stepSeconds, 5, 5, n, 1).scaled(peakRate / 11.0);
            case "seed-b" -> Workloads.seedB(n, stepSeconds, day, 0.4, 0.3, 0.05, 0.005, 0.4).scaled(peakRate);
            case "step" -> Workloads.step(n, stepSeconds, peakRate * 0.3, peakRate, n / 2);
            case "flash-crowd" -> Workloads.flashCrowd(n, stepSeconds, peakRate / 8, 8, n / 3, Math.max(1, n / 100),
                    Math.max(1, n / 20), Math.max(1, n / 30.0));
            default -> throw new IllegalArgumentException("--workload: unknown workload '" + workload
                    + "'; expected one of diurnal, seed-a, seed-b, step, flash-crowd");
        };
    }
}
