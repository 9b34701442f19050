package dev.scalewise.workload;

import java.util.random.RandomGenerator;

/**
 * Synthetic workload generators. Rates are in requests per second; unit-free shapes (the second seed's
 * [0, 1] load) are mapped to requests per second by {@link Workload#scaled(double)}.
 */
public final class Workloads {
    private Workloads() {
    }

    /**
     * The first seed's diurnal model: {@code max(0, base + amplitude sin(2 pi t / period) + N(0, sigma))}.
     *
     * @param steps         number of steps
     * @param stepSeconds   step length
     * @param base          mean rate (first seed: 5)
     * @param amplitude     sine amplitude (first seed: 5)
     * @param periodSteps   sine period in steps (first seed: the episode length)
     * @param sigma         Gaussian noise standard deviation (first seed: 1)
     */
    public static Workload diurnal(int steps, double stepSeconds, double base, double amplitude, double periodSteps,
                                   double sigma) {
        requirePositive("diurnal.steps", steps);
        requireNonNegative("diurnal.base", base);
        requireNonNegative("diurnal.amplitude", amplitude);
        requirePositive("diurnal.periodSteps", periodSteps);
        requireNonNegative("diurnal.sigma", sigma);
        return new Generator("diurnal", rng -> {
            double[] r = new double[steps];
            for (int t = 0; t < steps; t++) {
                double v = base + amplitude * Math.sin(2 * Math.PI * t / periodSteps) + sigma * rng.nextGaussian();
                r[t] = Math.max(0, v);
            }
            return new Trace("diurnal", stepSeconds, r);
        });
    }

    /** The first seed's defaults: 200 steps, base 5, amplitude 5, period 200, sigma 1. */
    public static Workload seedA() {
        return diurnal(200, 60, 5, 5, 200, 1);
    }

    /**
     * The second seed's generator, unit-free in [0, 1]: daily sinusoid {@code baseline + amplitude sin(2 pi t /
     * period)}, Gaussian noise, spikes of {@code spikeMagnitude} with probability {@code spikeProbability} per
     * step, clipped to [0, 1].
     */
    public static Workload seedB(int steps, double stepSeconds, double periodSteps, double baseline, double amplitude,
                                 double noiseSigma, double spikeProbability, double spikeMagnitude) {
        requirePositive("seedB.steps", steps);
        requirePositive("seedB.periodSteps", periodSteps);
        requireNonNegative("seedB.noiseSigma", noiseSigma);
        if (!(spikeProbability >= 0 && spikeProbability <= 1)) {
            throw new IllegalArgumentException("seedB.spikeProbability must be in [0, 1], got " + spikeProbability);
        }
        return new Generator("seed-b", rng -> {
            double[] r = new double[steps];
            for (int t = 0; t < steps; t++) {
                double v = baseline + amplitude * Math.sin(2 * Math.PI * t / periodSteps) + noiseSigma * rng.nextGaussian();
                if (rng.nextDouble() < spikeProbability) {
                    v += spikeMagnitude;
                }
                r[t] = Math.min(1, Math.max(0, v));
            }
            return new Trace("seed-b", stepSeconds, r);
        });
    }

    /** The second seed's defaults: 4,320 one-minute steps, period 1,440, baseline 0.4, amplitude 0.3, noise 0.05, spikes 0.005 x 0.4. */
    public static Workload seedB() {
        return seedB(4320, 60, 1440, 0.4, 0.3, 0.05, 0.005, 0.4);
    }

    /** A step change: {@code before} until {@code atStep}, then {@code after}. */
    public static Workload step(int steps, double stepSeconds, double before, double after, int atStep) {
        requirePositive("step.steps", steps);
        requireNonNegative("step.before", before);
        requireNonNegative("step.after", after);
        if (atStep < 0 || atStep > steps) {
            throw new IllegalArgumentException("step.atStep must be within [0, " + steps + "], got " + atStep);
        }
        return new Generator("step", rng -> {
            double[] r = new double[steps];
            for (int t = 0; t < steps; t++) {
                r[t] = t < atStep ? before : after;
            }
            return new Trace("step", stepSeconds, r);
        });
    }

    /**
     * A flash crowd: {@code base} until {@code startStep}, a linear ramp to {@code multiplier x base} over
     * {@code rampSteps}, a hold for {@code holdSteps}, then an exponential decay back to base with half-life
     * {@code decayHalfLifeSteps}.
     */
    public static Workload flashCrowd(int steps, double stepSeconds, double base, double multiplier, int startStep,
                                      int rampSteps, int holdSteps, double decayHalfLifeSteps) {
        requirePositive("flashCrowd.steps", steps);
        requireNonNegative("flashCrowd.base", base);
        if (!(multiplier >= 1)) {
            throw new IllegalArgumentException("flashCrowd.multiplier must be >= 1, got " + multiplier);
        }
        if (startStep < 0 || rampSteps < 0 || holdSteps < 0) {
            throw new IllegalArgumentException("flashCrowd.startStep, rampSteps and holdSteps must be >= 0, got "
                    + startStep + ", " + rampSteps + ", " + holdSteps);
        }
        requirePositive("flashCrowd.decayHalfLifeSteps", decayHalfLifeSteps);
        return new Generator("flash-crowd", rng -> {
            double peak = base * multiplier;
            double[] r = new double[steps];
            for (int t = 0; t < steps; t++) {
                int s = t - startStep;
                double v;
                if (s < 0) {
                    v = base;
                } else if (s < rampSteps) {
                    v = base + (peak - base) * (s + 1) / rampSteps;
                } else if (s < rampSteps + holdSteps) {
                    v = peak;
                } else {
                    double k = s - rampSteps - holdSteps + 1;
                    v = base + (peak - base) * Math.pow(0.5, k / decayHalfLifeSteps);
                }
                r[t] = v;
            }
            return new Trace("flash-crowd", stepSeconds, r);
        });
    }

    private static void requirePositive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be a positive finite number, got " + v);
        }
    }

    private static void requireNonNegative(String field, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be a finite number >= 0, got " + v);
        }
    }

    private record Generator(String name, java.util.function.Function<RandomGenerator, Trace> body) implements Workload {
        @Override
        public Trace generate(RandomGenerator rng) {
            return body.apply(rng);
        }
    }
}
