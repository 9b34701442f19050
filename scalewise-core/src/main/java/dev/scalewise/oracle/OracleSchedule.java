package dev.scalewise.oracle;

/**
 * A capacity schedule computed by {@link Oracle}.
 *
 * @param required    per step, the fewest ready instances that meet the SLA (capped at the maximum)
 * @param capacity    per step, the instances (ready + booting) to hold during the step
 * @param unmetSteps  steps whose requirement cannot be met by any policy (above the maximum, or before a launch
 *                    could boot)
 * @param instanceSteps sum of capacity over steps (cost = instanceSteps x dt x price / 3600, plus minimum-billing
 *                    remainders)
 */
public record OracleSchedule(int[] required, int[] capacity, int unmetSteps, long instanceSteps) {
    public OracleSchedule {
        required = required.clone();
        capacity = capacity.clone();
    }

    @Override
    public int[] required() {
        return required.clone();
    }

    @Override
    public int[] capacity() {
        return capacity.clone();
    }

    /** Capacity of step {@code t}. */
    public int capacityAt(int t) {
        return capacity[t];
    }

    public int length() {
        return capacity.length;
    }
}
