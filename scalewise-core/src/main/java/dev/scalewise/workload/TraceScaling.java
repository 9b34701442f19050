package dev.scalewise.workload;

import java.util.Locale;

/**
 * Scaling a trace to the size of the service under study. Every method multiplies all rates (and token sums) by one
 * factor, so the shape (peak-to-mean, burstiness) is unchanged.
 */
public final class TraceScaling {
    private TraceScaling() {
    }

    /** Multiplies every rate by {@code factor}. */
    public static Trace byFactor(Trace trace, double factor) {
        return trace.scaled(factor);
    }

    /** Scales so that the peak step rate is {@code peakRate} requests/s. */
    public static Trace toPeakRate(Trace trace, double peakRate) {
        return trace.scaled(factorFor("peak rate", peakRate, trace.peakRate(), trace));
    }

    /** Scales so that the mean rate is {@code meanRate} requests/s. */
    public static Trace toMeanRate(Trace trace, double meanRate) {
        return trace.scaled(factorFor("mean rate", meanRate, trace.meanRate(), trace));
    }

    /**
     * Scales so that the peak step needs exactly {@code instances} instances of service rate
     * {@code serviceRatePerInstance} (requests/s) at {@code targetUtilization}: peak rate =
     * {@code instances * serviceRatePerInstance * targetUtilization}.
     */
    public static Trace toPeakInstances(Trace trace, int instances, double serviceRatePerInstance, double targetUtilization) {
        checkInstances(instances, targetUtilization);
        if (!(serviceRatePerInstance > 0) || !Double.isFinite(serviceRatePerInstance)) {
            throw new IllegalArgumentException("serviceRatePerInstance must be > 0, got " + serviceRatePerInstance);
        }
        return toPeakRate(trace, instances * serviceRatePerInstance * targetUtilization);
    }

    /**
     * Token-aware variant for LLM traces: scales so that the step with the most work (instance-seconds per second, by
     * {@code model}) needs exactly {@code instances} instances at {@code targetUtilization}.
     */
    public static Trace toPeakInstances(Trace trace, int instances, TokenServiceModel model, double targetUtilization) {
        checkInstances(instances, targetUtilization);
        if (trace.tokens().isEmpty()) {
            throw new IllegalArgumentException("trace '" + trace.name() + "' has no tokens; give a service rate per instance");
        }
        double peakLoad = 0;
        for (int i = 0; i < trace.length(); i++) {
            peakLoad = Math.max(peakLoad, model.workSeconds(trace, i) / trace.stepSeconds());
        }
        return trace.scaled(factorFor("peak load (busy instances)", instances * targetUtilization, peakLoad, trace));
    }

    private static void checkInstances(int instances, double targetUtilization) {
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be >= 1, got " + instances);
        }
        if (!(targetUtilization > 0 && targetUtilization <= 1)) {
            throw new IllegalArgumentException("targetUtilization must be in (0, 1], got " + targetUtilization);
        }
    }

    private static double factorFor(String what, double target, double current, Trace trace) {
        if (!(target > 0) || !Double.isFinite(target)) {
            throw new IllegalArgumentException("target " + what + " must be a positive finite number, got " + target);
        }
        if (!(current > 0)) {
            throw new IllegalArgumentException("trace '" + trace.name() + "' has no requests: cannot scale its " + what);
        }
        return target / current;
    }

    /**
     * Applies a scaling written as text (the {@code --scale} option):
     * <ul>
     *   <li>{@code 2.5} or {@code x2.5}: a factor;</li>
     *   <li>{@code peak=500}: peak rate in requests/s; {@code mean=40}: mean rate in requests/s;</li>
     *   <li>{@code peak-instances=20,mu=10,util=0.7}: the peak needs 20 instances of 10 requests/s each at 70%
     *       utilisation ({@code util} defaults to 0.7; without {@code mu} the trace's tokens and {@code model} give
     *       the demand).</li>
     * </ul>
     */
    public static Trace apply(Trace trace, String spec, TokenServiceModel model) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("peak-instances=")) {
                int instances = 0;
                double mu = Double.NaN;
                double util = 0.7;
                for (String part : s.split(",")) {
                    String[] kv = part.split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("'" + part + "' is not key=value");
                    }
                    switch (kv[0].trim()) {
                        case "peak-instances" -> instances = Integer.parseInt(kv[1].trim());
                        case "mu" -> mu = Double.parseDouble(kv[1].trim());
                        case "util" -> util = Double.parseDouble(kv[1].trim());
                        default -> throw new IllegalArgumentException("unknown key '" + kv[0] + "'");
                    }
                }
                return Double.isNaN(mu) ? toPeakInstances(trace, instances, model, util)
                        : toPeakInstances(trace, instances, mu, util);
            }
            if (s.startsWith("peak=")) {
                return toPeakRate(trace, Double.parseDouble(s.substring(5)));
            }
            if (s.startsWith("mean=")) {
                return toMeanRate(trace, Double.parseDouble(s.substring(5)));
            }
            return byFactor(trace, Double.parseDouble(s.startsWith("x") ? s.substring(1) : s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad scale '" + spec + "': " + e.getMessage()
                    + " (use FACTOR, peak=RATE, mean=RATE or peak-instances=N[,mu=RATE][,util=U])");
        }
    }
}
