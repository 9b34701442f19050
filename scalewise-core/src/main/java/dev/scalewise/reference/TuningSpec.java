package dev.scalewise.reference;

import java.util.Arrays;

/**
 * How the reference policies' knobs are tuned on the training part (the rates observed before the evaluation).
 *
 * @param slaTargetPct  SLA target: percent of steps within the SLA a tuned policy must reach on the training part
 *                      (default 99.9, the bar)
 * @param margins       margins tried for {@code perfect-forecast} and {@code mpc}, ascending; the smallest reaching
 *                      the target wins (default 0, 2, 5, 10, 15, 20, 30, 50, 75, 100 %)
 * @param utilizations  target utilizations tried for the tuned HPA and AWS target tracking (default 0.40 to 0.80 in
 *                      steps of 0.05)
 * @param tuneDays      days at the end of the training part the policies are simulated on (default 7; at most the
 *                      second half of a shorter training part, so that the first half warms a forecaster up)
 * @param fitDays       days at the end of the training part a forecaster is fitted on (default 14; the days before
 *                      the simulated ones warm its state up)
 * @param seed          seed of the Poisson arrivals of the tuning simulations (default 1; independent of the
 *                      evaluation seeds, so every evaluation seed uses the same tuned knob)
 * @param defaultMargin margin used when the training part is too short to tune (fewer than {@link #MIN_STEPS}
 *                      steps; default 0.2)
 */
public record TuningSpec(double slaTargetPct, double[] margins, double[] utilizations, double tuneDays,
                         double fitDays, long seed, double defaultMargin) {
    /** Fewer training steps than this: no tuning, the defaults are used (and the description says so). */
    public static final int MIN_STEPS = 20;

    public static TuningSpec defaults() {
        return new TuningSpec(99.9, new double[] {0, 0.02, 0.05, 0.10, 0.15, 0.20, 0.30, 0.50, 0.75, 1.00},
                new double[] {0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80}, 7, 14, 1, 0.2);
    }

    public TuningSpec {
        if (!(slaTargetPct > 0 && slaTargetPct <= 100)) {
            throw new IllegalArgumentException("tuning.slaTargetPct must be in (0, 100], got " + slaTargetPct);
        }
        margins = margins.clone();
        utilizations = utilizations.clone();
        if (margins.length == 0 || utilizations.length == 0) {
            throw new IllegalArgumentException("tuning needs at least one margin and one utilization");
        }
        for (int i = 0; i < margins.length; i++) {
            if (!(margins[i] >= 0) || !Double.isFinite(margins[i]) || (i > 0 && margins[i] <= margins[i - 1])) {
                throw new IllegalArgumentException("tuning.margins must be finite, >= 0 and ascending, got "
                        + Arrays.toString(margins));
            }
        }
        for (double u : utilizations) {
            if (!(u > 0 && u <= 1)) {
                throw new IllegalArgumentException("tuning.utilizations must be in (0, 1], got " + Arrays.toString(utilizations));
            }
        }
        if (!(tuneDays > 0) || !(fitDays >= tuneDays)) {
            throw new IllegalArgumentException("tuning needs tuneDays > 0 and fitDays >= tuneDays, got " + tuneDays
                    + ", " + fitDays);
        }
        if (!(defaultMargin >= 0) || !Double.isFinite(defaultMargin)) {
            throw new IllegalArgumentException("tuning.defaultMargin must be a finite number >= 0, got " + defaultMargin);
        }
    }

    @Override
    public double[] margins() {
        return margins.clone();
    }

    @Override
    public double[] utilizations() {
        return utilizations.clone();
    }
}
