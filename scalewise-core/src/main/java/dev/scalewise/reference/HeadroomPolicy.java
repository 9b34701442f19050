package dev.scalewise.reference;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.oracle.Oracle;
import dev.scalewise.policy.Policy;
import dev.scalewise.policy.ScaleDownStabilization;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Provisions for a rate bound with the queueing model's arithmetic and a safety margin: at the observation of step
 * t, with b = {@code ceil(boot delay / dt)} and {@code λ} = the {@link RateUpperBound} over {@code [t, t + b]},
 * the target capacity (ready + booting) is {@code ceil(need(λ) x (1 + margin))}, clamped to the cluster bounds,
 * where {@code need} is {@link Oracle#requiredInstances}: the fewest ready instances meeting the SLA at that rate
 * (the same computation the oracle plans with). The policy requests the difference to its current capacity.
 *
 * <p>Why {@code [t, t + b]}: a launch now serves from step {@code t + b}, a removal takes effect at once (booting
 * instances first), so the capacity chosen now must be enough for every step up to {@code t + b}. On a rising
 * deterministic trace with the true bound and no margin, the ready instances at step {@code t + b} are exactly
 * {@code need(λ_{t+b})}: the queueing model's minimum, one boot delay ahead.
 *
 * <p>With the truth as bound this is {@code perfect-forecast}; with a forecast it is {@code mpc} (a one-step
 * receding-horizon controller: the horizon is the boot delay and the plan is re-made every step).
 *
 * <p>Optionally with Kubernetes HPA's scale-down stabilization over W steps ({@link ScaleDownStabilization}; the
 * {@code mpc:...+stable} variants): the target is {@code max} of this step's and the last W - 1 steps' targets when
 * it is below the current capacity, so capacity launched for a busy spell is kept through a lull shorter than W.
 */
public final class HeadroomPolicy implements Policy {
    private final String name;
    private final RateUpperBound bound;
    private final double margin;
    private final EnvConfig env;
    private final ScaleDownStabilization stabilization;
    private final boolean rateMargin;
    private final Map<Double, Integer> needCache = new HashMap<>();
    private int min;
    private int max;
    private int bootSteps;
    private double lastBound;
    private int lastTarget;

    /**
     * @param name   report name
     * @param bound  the rate to plan for
     * @param margin relative headroom on the needed instances, &gt;= 0
     * @param env    the environment's configuration (service rate, SLO, queue limit, step: the queueing model's inputs)
     */
    public HeadroomPolicy(String name, RateUpperBound bound, double margin, EnvConfig env) {
        this(name, bound, margin, env, 0);
    }

    /**
     * As {@link #HeadroomPolicy(String, RateUpperBound, double, EnvConfig)}, with Kubernetes HPA's scale-down
     * stabilization ({@link ScaleDownStabilization}): the target falls only to the highest target of the last
     * {@code stabilizationSteps} steps (0: none, the plain policy).
     *
     * @param stabilizationSteps scale-down stabilization window in steps, &gt;= 0
     */
    public HeadroomPolicy(String name, RateUpperBound bound, double margin, EnvConfig env, int stabilizationSteps) {
        this(name, bound, margin, env, stabilizationSteps, false);
    }

    /**
     * As {@link #HeadroomPolicy(String, RateUpperBound, double, EnvConfig, int)}, the margin on the capacity
     * ({@code rateMargin} false: {@code ceil(need(rate) x (1 + margin))}) or on the rate ({@code rateMargin} true:
     * {@code need(rate x (1 + margin))}, the queueing minimum at a rate {@code margin} above the bound; see
     * {@link ReferencePolicies#tuneMpc}).
     */
    public HeadroomPolicy(String name, RateUpperBound bound, double margin, EnvConfig env, int stabilizationSteps,
                          boolean rateMargin) {
        if (!(margin >= 0) || !Double.isFinite(margin)) {
            throw new IllegalArgumentException("margin must be a finite number >= 0, got " + margin);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.bound = Objects.requireNonNull(bound, "bound");
        this.margin = margin;
        this.env = Objects.requireNonNull(env, "env");
        this.stabilization = new ScaleDownStabilization(stabilizationSteps);
        this.rateMargin = rateMargin;
    }

    /** Whether the margin is on the rate ({@code need(rate x (1 + margin))}) rather than on the capacity. */
    public boolean rateMargin() {
        return rateMargin;
    }

    @Override
    public String name() {
        return name;
    }

    public double margin() {
        return margin;
    }

    /** The scale-down stabilization window in steps (0: none). */
    public int stabilizationSteps() {
        return stabilization.window();
    }

    public RateUpperBound bound() {
        return bound;
    }

    /** The bound's description ({@link RateUpperBound#describe}) and the margin: the tuned knobs, for reports. */
    public String describe() {
        String b = bound.describe();
        return (b.isEmpty() ? "" : b + ", ")
                + String.format(java.util.Locale.ROOT, "%s %.2f", ReferencePolicies.formText(rateMargin), margin)
                + (stabilization.window() == 0 ? "" : ", scale-down stabilization " + stabilization.window() + " steps");
    }

    /** The rate bound of the last decision. */
    public double lastBound() {
        return lastBound;
    }

    /** The target capacity of the last decision (after the scale-down stabilization, if any). */
    public int lastTarget() {
        return lastTarget;
    }

    @Override
    public void reset(EnvSpec spec) {
        min = spec.minInstances();
        max = spec.maxInstances();
        bootSteps = spec.bootSteps();
        bound.reset(spec);
        stabilization.reset();
    }

    @Override
    public int act(Observation o) {
        double lambda = bound.upperBound(o, bootSteps);
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalStateException(name + ": rate bound " + lambda + " at step " + o.step());
        }
        lastBound = lambda;
        lastTarget = stabilization.apply(o.instances(), target(lambda));
        return lastTarget - o.instances();
    }

    /**
     * {@code ceil(need(rate) x (1 + margin))} clamped to the bounds; with a rate margin {@code need(rate x (1 +
     * margin))}.
     */
    public int target(double rate) {
        if (needCache.size() > 100_000) {
            needCache.clear(); // forecasts rarely repeat; the truth's rates do
        }
        double planned = rateMargin ? rate * (1 + margin) : rate;
        int need = needCache.computeIfAbsent(planned, r -> Oracle.requiredInstances(r, env));
        long t = rateMargin ? need : (long) Math.ceil(need * (1 + margin) - 1e-9);
        return (int) Math.max(min, Math.min(max, t));
    }
}
