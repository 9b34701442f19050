package dev.scalewise.experiment;

/**
 * Domain randomization of training episodes ({@code POLICY.md}, "Training distribution"): each episode draws,
 * from its own seed, a scale at which the peak of its trace needs {@code peakInstances} instances (log-uniform in
 * {@code [peakInstancesMin, peakInstancesMax]}, at 70% utilization) and a boot delay (uniform in
 * {@code [bootMinSeconds, bootMaxSeconds]}, whole seconds), so that one scale-free agent learns to serve any
 * size of service and any launch latency.
 *
 * @param peakInstancesMin smallest peak, in instances (&gt;= 1)
 * @param peakInstancesMax largest peak (&gt;= the smallest)
 * @param bootMinSeconds   shortest boot delay (&gt;= 0)
 * @param bootMaxSeconds   longest boot delay (&gt;= the shortest)
 */
public record Randomization(double peakInstancesMin, double peakInstancesMax, double bootMinSeconds,
                            double bootMaxSeconds) {
    public Randomization {
        if (!(peakInstancesMin >= 1) || !(peakInstancesMax >= peakInstancesMin) || !Double.isFinite(peakInstancesMax)) {
            throw new IllegalArgumentException("scenario.randomization: need 1 <= peakInstancesMin <= peakInstancesMax, got "
                    + peakInstancesMin + ", " + peakInstancesMax);
        }
        if (!(bootMinSeconds >= 0) || !(bootMaxSeconds >= bootMinSeconds) || !Double.isFinite(bootMaxSeconds)) {
            throw new IllegalArgumentException("scenario.randomization: need 0 <= bootMinSeconds <= bootMaxSeconds, got "
                    + bootMinSeconds + ", " + bootMaxSeconds);
        }
    }

    /** The distribution: peaks needing 3 to 200 instances, boot delays of 60 to 300 s. */
    public static Randomization defaults() {
        return new Randomization(3, 200, 60, 300);
    }
}
