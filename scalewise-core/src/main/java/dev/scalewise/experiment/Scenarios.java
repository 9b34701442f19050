package dev.scalewise.experiment;

import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.Environment;
import dev.scalewise.env.LegacySeedAEnv;
import dev.scalewise.env.LegacySeedBEnv;
import dev.scalewise.env.ServiceRateProfile;
import dev.scalewise.reward.RewardFunction;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import dev.scalewise.workload.Workloads;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Scenarios: the environments training runs on (workload specs resolved to environments, the default diurnal
 * workload) and the synthetic comparison scenarios with their history and warm start.
 */
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

    /**
     * Resolves trace names and files through the {@link dev.scalewise.workload.TraceCatalog} on {@code tracesDir}
     * (null: the option-less default, {@code $SCALEWISE_TRACES_DIR}, {@code ../shared/traces},
     * {@code ~/.scalewise/traces}).
     */
    public static TraceResolver catalogTraces(String tracesDir) {
        dev.scalewise.workload.TraceCatalog catalog = dev.scalewise.workload.TraceCatalog.fromEnvironment(tracesDir);
        return name -> Workload.fixed(catalog.resolve(name));
    }

    /**
     * The environment of {@code scenario} scoring with {@code reward}. With a {@link ScenarioSpec#forecaster()}, the
     * forecaster is fitted first ({@link ForecasterSpec#fit}) and fills every observation's forecast.
     */
    public static Environment environment(ScenarioSpec scenario, RewardFunction reward, TraceResolver traces) {
        Workload w = workload(scenario.workload(), traces);
        if (scenario.randomization() != null) {
            return new RandomizedEnv(scenario.config(), w, reward, scenario.forecaster() == null ? null
                    : scenario.forecaster().feature(scenario.forecaster().fit(w)), scenario.randomization());
        }
        return switch (scenario.env()) {
            case AutoscaleEnv.ID -> scenario.forecaster() == null
                    ? new AutoscaleEnv(scenario.config(), w, reward)
                    : new AutoscaleEnv(scenario.config(), w, reward, ServiceRateProfile.constant(),
                            scenario.forecaster().feature(scenario.forecaster().fit(w)));
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
                yield traceWorkload(traces.resolve(spec.trace()), spec);
            }
            default -> throw new IllegalArgumentException("unknown workload kind '" + spec.kind()
                    + "'; known: default-diurnal, seed-a, seed-b, trace");
        };
    }

    /**
     * A real trace prepared as the spec says, so that a run's spec alone rebuilds it: resampled to
     * {@code stepSeconds} (0 keeps the trace's step), sliced to steps {@code [fromStep, toStep)} (toStep 0: to the
     * end), scaled by {@code scale}; with {@code windowSteps > 0}, every generated trace is a window of that many
     * steps starting at a position drawn from the episode's workload stream (training sees a different day each
     * episode; the held-out part of the trace is never touched). With {@code warmupSteps > 0} as well, each window
     * carries up to that many rates of the prepared trace before its start ({@link Trace#preceding()}; none for a
     * window at the start), which {@code AutoscaleEnv} feeds its forecaster before the first step, as
     * {@code ForecastingPolicy} is warmed with the training part in evaluation (docs/training.md, "Round six").
     */
    public static Workload traceWorkload(Workload base, WorkloadSpec spec) {
        double stepSeconds = spec.param("stepSeconds", 0);
        int fromStep = (int) spec.param("fromStep", 0);
        int toStep = (int) spec.param("toStep", 0);
        double scale = spec.param("scale", 1);
        int window = (int) spec.param("windowSteps", 0);
        int warmup = (int) spec.param("warmupSteps", 0);
        if (stepSeconds < 0 || fromStep < 0 || toStep < 0 || !(scale >= 0) || window < 0 || warmup < 0) {
            throw new IllegalArgumentException("workload params: stepSeconds, fromStep, toStep, scale, windowSteps and "
                    + "warmupSteps must be >= 0, got " + spec.params());
        }
        return new Workload() {
            private Trace prepared;

            @Override
            public String name() {
                return base.name();
            }

            private Trace prepared(RandomGenerator rng) {
                if (prepared == null) {
                    Trace t = base.generate(rng);
                    if (stepSeconds > 0 && Math.abs(stepSeconds - t.stepSeconds()) > 1e-9) {
                        t = t.resample(stepSeconds);
                    }
                    int to = toStep == 0 ? t.length() : toStep;
                    if (fromStep != 0 || to != t.length()) {
                        t = t.slice(fromStep, to);
                    }
                    if (scale != 1) {
                        t = t.scaled(scale);
                    }
                    if (window > t.length()) {
                        throw new IllegalArgumentException("workload.windowSteps " + window + " is longer than the "
                                + "prepared trace '" + t.name() + "' (" + t.length() + " steps)");
                    }
                    prepared = t;
                }
                return prepared;
            }

            @Override
            public Trace generate(RandomGenerator rng) {
                Trace t = prepared(rng);
                if (window == 0 || window == t.length()) {
                    return t;
                }
                int start = rng.nextInt(t.length() - window + 1);
                return t.window(start, start + window, warmup);
            }
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
