package dev.scalewise.experiment;

import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.Environment;
import dev.scalewise.env.LegacySeedAEnv;
import dev.scalewise.env.LegacySeedBEnv;
import dev.scalewise.reward.RewardFunction;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import dev.scalewise.workload.Workloads;
import java.util.random.RandomGenerator;

/** Builds environments and workloads from their specs. */
public final class Scenarios {
    /** Kind of the default synthetic workload. */
    public static final String DEFAULT_WORKLOAD = "default-diurnal";

    /** Resolves a named trace (the trace catalog plugs in here). */
    @FunctionalInterface
    public interface TraceResolver {
        Workload resolve(String name);
    }

    /** Refuses every trace name: for callers without a catalog. */
    public static final TraceResolver NO_TRACES = name -> {
        throw new IllegalArgumentException("no trace catalog is available to resolve trace '" + name + "'");
    };

    private Scenarios() {
    }

    /** The environment of {@code scenario} scoring with {@code reward}. */
    public static Environment environment(ScenarioSpec scenario, RewardFunction reward, TraceResolver traces) {
        Workload w = workload(scenario.workload(), traces);
        return switch (scenario.env()) {
            case AutoscaleEnv.ID -> new AutoscaleEnv(scenario.config(), w, reward);
            case LegacySeedAEnv.ID -> new LegacySeedAEnv(w, reward, 0.10);
            case LegacySeedBEnv.ID -> new LegacySeedBEnv(w, reward, 0.10);
            default -> throw new IllegalArgumentException("unknown env '" + scenario.env() + "'");
        };
    }

    /** The workload of {@code spec}. */
    public static Workload workload(WorkloadSpec spec, TraceResolver traces) {
        return switch (spec.kind()) {
            case DEFAULT_WORKLOAD -> defaultWorkload(
                    (int) spec.param("steps", 1440), spec.param("stepSeconds", 60), spec.param("troughRate", 20),
                    spec.param("peakRate", 200), spec.param("periodSteps", 1440), spec.param("levelSpread", 0.2),
                    spec.param("noiseSigma", 0.05), spec.param("noiseCorrelation", 0.9));
            case "seed-a" -> Workloads.seedA().scaled(spec.param("scale", 1));
            case "seed-b" -> Workloads.seedB().scaled(spec.param("scale", 1));
            case "trace" -> {
                if (spec.trace() == null) {
                    throw new IllegalArgumentException("workload.trace must name a trace for kind 'trace'");
                }
                yield traces.resolve(spec.trace());
            }
            default -> throw new IllegalArgumentException("unknown workload kind '" + spec.kind()
                    + "'; known: default-diurnal, seed-a, seed-b, trace");
        };
    }

    /**
     * The default training workload: a day of diurnal traffic with a trough at the start,
     * {@code level x (trough + (peak - trough)(1 - cos(2 pi t / period)) / 2) x (1 + x_t)}, where {@code level} is
     * drawn per trace uniformly in {@code [1 - levelSpread, 1 + levelSpread]} (some days are busier) and
     * {@code x_t} is a stationary AR(1) noise with standard deviation {@code noiseSigma} and lag-1 correlation
     * {@code noiseCorrelation} (traffic wanders in runs, not as white noise). With the defaults (20 to 200
     * requests/s, mu = 20) the peak needs about 10 instances at full utilization and 14 at 70%.
     */
    public static Workload defaultWorkload(int steps, double stepSeconds, double troughRate, double peakRate,
                                           double periodSteps, double levelSpread, double noiseSigma,
                                           double noiseCorrelation) {
        if (steps <= 0 || !(stepSeconds > 0) || !(troughRate >= 0) || !(peakRate >= troughRate) || !(periodSteps > 0)
                || !(levelSpread >= 0 && levelSpread < 1) || !(noiseSigma >= 0)
                || !(noiseCorrelation >= 0 && noiseCorrelation < 1)) {
            throw new IllegalArgumentException("default-diurnal: need steps > 0, stepSeconds > 0, 0 <= troughRate <= "
                    + "peakRate, periodSteps > 0, levelSpread in [0, 1), noiseSigma >= 0, noiseCorrelation in [0, 1); got "
                    + steps + ", " + stepSeconds + ", " + troughRate + ", " + peakRate + ", " + periodSteps + ", "
                    + levelSpread + ", " + noiseSigma + ", " + noiseCorrelation);
        }
        return new Workload() {
            @Override
            public String name() {
                return DEFAULT_WORKLOAD;
            }

            @Override
            public Trace generate(RandomGenerator rng) {
                double level = 1 + levelSpread * (2 * rng.nextDouble() - 1);
                double innovation = noiseSigma * Math.sqrt(1 - noiseCorrelation * noiseCorrelation);
                double x = noiseSigma * rng.nextGaussian();
                double[] r = new double[steps];
                for (int t = 0; t < steps; t++) {
                    double shape = troughRate + (peakRate - troughRate) * (1 - Math.cos(2 * Math.PI * t / periodSteps)) / 2;
                    r[t] = Math.max(0, level * shape * (1 + x));
                    x = noiseCorrelation * x + innovation * rng.nextGaussian();
                }
                return new Trace(DEFAULT_WORKLOAD, stepSeconds, r);
            }
        };
    }
}
