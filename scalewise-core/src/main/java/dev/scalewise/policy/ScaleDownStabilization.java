package dev.scalewise.policy;

/**
 * Kubernetes HPA's scale-down stabilization over a window of steps (kubernetes.io, "Horizontal Pod Autoscaling",
 * "Stabilization window"; {@code --horizontal-pod-autoscaler-downscale-stabilization}, default 300 s): every step's
 * target capacity is remembered for {@code window} steps; a scale-up (a target at or above the current capacity) is
 * taken at once, a scale-down only to the highest target of the window (this step's included), so capacity falls
 * only once the lower target has lasted the whole window. A window of 0 leaves every target unchanged.
 *
 * <p>The one implementation of the rule in step units: the residual agent's executor
 * ({@code agent.ActionSet.Executor}) and the stabilized {@code mpc} variants ({@code reference.HeadroomPolicy}) both
 * apply it. One instance per episode loop ({@link #reset} between episodes); not thread-safe.
 */
public final class ScaleDownStabilization {
    private final int[] recent;
    private int seen;

    /** @param window steps a target is remembered, &gt;= 0 (0: no stabilization) */
    public ScaleDownStabilization(int window) {
        if (window < 0) {
            throw new IllegalArgumentException("stabilization window must be >= 0 steps, got " + window);
        }
        this.recent = new int[window];
    }

    /** The window in steps. */
    public int window() {
        return recent.length;
    }

    /** Forgets the remembered targets (a new episode). */
    public void reset() {
        seen = 0;
    }

    /**
     * The stabilized target for this step: {@code target} when it is not below {@code current} (or without a
     * window), else {@code min(current, highest target of the window)}. Records {@code target}.
     *
     * @param current the capacity now (ready + booting)
     * @param target  the target the policy would move to this step
     */
    public int apply(int current, int target) {
        if (recent.length == 0) {
            return target;
        }
        recent[seen % recent.length] = target;
        seen++;
        if (target >= current) {
            return target;
        }
        int highest = target;
        for (int i = 0; i < Math.min(seen, recent.length); i++) {
            highest = Math.max(highest, recent[i]);
        }
        return Math.min(current, highest);
    }
}
