package dev.scalewise.agent;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepBuffer;
import dev.scalewise.oracle.NeedTable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The discrete actions of a tabular agent. Two kinds, indexed in this order:
 * <ul>
 *   <li><b>moves</b>: instance deltas, e.g. {@code {-1, 0, +1}} (the seeds'); distinct, and 0 (hold) is always
 *       one of them;</li>
 *   <li><b>headroom targets</b> (scale-free, {@code POLICY.md}): margin {@code h} keeps ready + booting instances
 *       within the band {@code [ceil(need(demand) x (1 + h)), floor(need(demand) x (1 + h'))]}, {@code h'} being the
 *       next larger margin of the set ({@code 1.25 (1 + h) - 1} for the largest): below the band it scales up to its
 *       bottom, above it down to its top, inside it holds (the band is the hysteresis that keeps noise from
 *       flapping capacity); {@code need} being the queueing
 *       model's minimum ({@link NeedTable}, i.e. {@code Oracle.requiredInstances}) and {@code demand} the highest of
 *       the forecast and the last two observed rates plus the backlog drained in one step
 *       ({@link ScaleFreeFeatures#demand}); the target is clamped to the bounds and the difference to the current
 *       instances is requested. The agent
 *       learns the margin; the queueing model does the arithmetic; hold gives stability.</li>
 * </ul>
 *
 * <p><b>Residual mode</b> ({@link Residual}, {@code POLICY.md} "Honest outcomes"): the headroom targets do
 * {@code mpc}'s arithmetic exactly ({@code HeadroomPolicy}): target {@code ceil(need(bound) x (1 + h))} clamped to
 * the bounds, with {@code bound} the observation's {@code forecastRate}, which the residual agent's forecaster fills
 * with the forecast over the boot horizon (a flat EWMA forecast: its maximum over the horizon is the forecast
 * itself); no band; with square-root staffing ({@link Residual#referenceNeed()} {@code > 0}) the target is
 * {@code ceil(need + beta sqrt(need))}, {@code beta = h sqrt(referenceNeed)}, which is {@code mpc}'s where
 * {@code need = referenceNeed} and keeps the same safety across scales. The margin set brackets {@code mpc}'s tuned
 * margin and contains it, so one action is {@code mpc} (with square-root staffing: its conversion); ties (a
 * never-visited state) go to that action, so the learner falls back to {@code mpc} where it
 * knows nothing (AWARE's "bootstrap from a heuristic and fall back to it"). Stability is built in rather than
 * learned: an {@link Executor} applies Kubernetes HPA's scale-down stabilization (scale down only to the highest
 * target of the last {@link Residual#stabilizationSteps()} steps; HPA's default window is 300 s, see
 * kubernetes.io, "Horizontal Pod Autoscaling", "Stabilization window").
 */
public final class ActionSet {
    private final int[] deltas;
    private final double[] margins;
    private final int hold;
    private final Residual residual;
    /** {@link #label}'s answers, made on first use (the explainer asks for every action's at every step). */
    private volatile String[] labels;

    /**
     * The residual mode's settings.
     *
     * <p><b>Square-root staffing</b> ({@code referenceNeed > 0}): the safety capacity a Poisson-driven service needs
     * grows like the square root of its load, not linearly (Halfin &amp; Whitt, "Heavy-traffic limits for queues
     * with many exponential servers", Operations Research 29(3), 1981; the square-root staffing rule
     * {@code c = R + beta sqrt(R)}, Borst, Mandelbaum &amp; Reiman, "Dimensioning large call centers", Operations
     * Research 52(1), 2004). Margin {@code h} then stands for {@code beta = h sqrt(referenceNeed)}, and its target is
     * {@code ceil(need + beta sqrt(need))}: exactly {@code ceil(need (1 + h))} at {@code need = referenceNeed} (the
     * tuning scale, where {@code mpc}'s relative margin was tuned), relatively less headroom above it and more below.
     * With {@code referenceNeed = 0} the margins are relative ({@code ceil(need (1 + h))}, {@code mpc}'s arithmetic).
     *
     * @param mpcMargin          the margin of the action that reproduces {@code mpc} (one of the margins)
     * @param stabilizationSteps scale-down stabilization window in steps (0: none)
     * @param referenceNeed      0 for relative margins; else the need at which margin {@code h} is converted to
     *                           the square-root staffing {@code beta = h sqrt(referenceNeed)}
     * @param rateMargin         margins on the rate, not on the capacity: margin {@code h} targets
     *                           {@code need(forecast x (1 + h))} ({@code mpc}'s rate-margin form,
     *                           {@code HeadroomPolicy}); then {@code referenceNeed} must be 0. Written to
     *                           {@code spec.json} only when true, so older specs read back unchanged
     */
    public record Residual(double mpcMargin, int stabilizationSteps, double referenceNeed,
                           @com.fasterxml.jackson.annotation.JsonInclude(
                                   com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT) boolean rateMargin) {
        public Residual {
            if (rateMargin && referenceNeed != 0) {
                throw new IllegalArgumentException("residual: rate margins take no square-root staffing "
                        + "(referenceNeed must be 0), got referenceNeed " + referenceNeed);
            }
            if (!(mpcMargin >= 0) || !Double.isFinite(mpcMargin)) {
                throw new IllegalArgumentException("residual.mpcMargin must be a finite number >= 0, got " + mpcMargin);
            }
            if (stabilizationSteps < 0) {
                throw new IllegalArgumentException("residual.stabilizationSteps must be >= 0, got " + stabilizationSteps);
            }
            if (!(referenceNeed >= 0) || !Double.isFinite(referenceNeed)) {
                throw new IllegalArgumentException("residual.referenceNeed must be a finite number >= 0, got "
                        + referenceNeed);
            }
        }

        /** Relative margins (no square-root staffing). */
        public Residual(double mpcMargin, int stabilizationSteps) {
            this(mpcMargin, stabilizationSteps, 0);
        }

        /** Capacity margins: relative ({@code referenceNeed = 0}) or square-root staffing. */
        public Residual(double mpcMargin, int stabilizationSteps, double referenceNeed) {
            this(mpcMargin, stabilizationSteps, referenceNeed, false);
        }

        /** Whether the margins are square-root staffing levels ({@code referenceNeed > 0}). */
        public boolean sqrtStaffing() {
            return referenceNeed > 0;
        }

        /** The square-root staffing level {@code beta = h sqrt(referenceNeed)} of margin {@code h}. */
        public double beta(double h) {
            return h * Math.sqrt(referenceNeed);
        }

        /** The target for margin {@code h} at {@code need}, before the bounds. */
        public long target(int need, double h) {
            double t = sqrtStaffing() ? need + beta(h) * Math.sqrt(need) : need * (1 + h);
            return (long) Math.ceil(t - 1e-9);
        }
    }

    public ActionSet(int... deltas) {
        this(deltas, new double[0]);
    }

    /**
     * @param deltas  instance deltas (must include 0)
     * @param margins headroom margins {@code h} (distinct, each in (-1, 10]); may be empty
     */
    public ActionSet(int[] deltas, double[] margins) {
        this(deltas, margins, null);
    }

    /**
     * @param deltas   instance deltas (must include 0)
     * @param margins  headroom margins {@code h} (distinct, each in (-1, 10]); may be empty
     * @param residual null for the demand band; else the residual mode (its margin must be one of {@code margins})
     */
    public ActionSet(int[] deltas, double[] margins, Residual residual) {
        if (deltas.length == 0 && (residual == null || margins.length == 0)) {
            throw new IllegalArgumentException("actions must not be empty");
        }
        this.deltas = deltas.clone();
        this.margins = margins.clone();
        int h = -1;
        for (int i = 0; i < deltas.length; i++) {
            for (int j = 0; j < i; j++) {
                if (deltas[i] == deltas[j]) {
                    throw new IllegalArgumentException("actions must be distinct, got " + Arrays.toString(deltas));
                }
            }
            if (deltas[i] == 0) {
                h = i;
            }
        }
        if (h < 0 && deltas.length > 0) {
            throw new IllegalArgumentException("actions must include 0 (hold), got " + Arrays.toString(deltas));
        }
        for (int i = 0; i < margins.length; i++) {
            if (!(margins[i] > -1 && margins[i] <= 10)) {
                throw new IllegalArgumentException("headroom margins must be in (-1, 10], got " + margins[i]);
            }
            for (int j = 0; j < i; j++) {
                if (margins[i] == margins[j]) {
                    throw new IllegalArgumentException("headroom margins must be distinct, got "
                            + Arrays.toString(margins));
                }
            }
        }
        this.hold = h;
        if (residual != null && Arrays.stream(margins).noneMatch(m -> m == residual.mpcMargin())) {
            throw new IllegalArgumentException("the residual mode's mpc margin " + residual.mpcMargin()
                    + " must be one of the headroom margins " + Arrays.toString(margins));
        }
        this.residual = residual;
    }

    /** {-1, 0, +1}. */
    public static ActionSet unit() {
        return new ActionSet(-1, 0, 1);
    }

    public static ActionSet of(List<Integer> deltas) {
        return of(deltas, List.of());
    }

    /** Moves {@code deltas}, then headroom targets {@code margins} (null: none). */
    public static ActionSet of(List<Integer> deltas, List<Double> margins) {
        return of(deltas, margins, null);
    }

    /** Moves {@code deltas}, then headroom targets {@code margins} (null: none), in residual mode when given. */
    public static ActionSet of(List<Integer> deltas, List<Double> margins, Residual residual) {
        return new ActionSet(deltas.stream().mapToInt(Integer::intValue).toArray(),
                margins == null ? new double[0] : margins.stream().mapToDouble(Double::doubleValue).toArray(), residual);
    }

    /** The residual mode's settings, or null (the demand band). */
    public Residual residual() {
        return residual;
    }

    /** The index of the action reproducing {@code mpc} in residual mode, else -1. */
    public int mpcIndex() {
        if (residual == null) {
            return -1;
        }
        for (int i = 0; i < margins.length; i++) {
            if (margins[i] == residual.mpcMargin()) {
                return deltas.length + i;
            }
        }
        return -1;
    }

    public int size() {
        return deltas.length + margins.length;
    }

    /** Whether action {@code a} is a headroom target (its delta depends on the observation). */
    public boolean isTarget(int a) {
        return a >= deltas.length;
    }

    /**
     * Instance delta of the move {@code a}.
     *
     * @throws IllegalStateException for a headroom target, whose delta needs the observation: use
     *                               {@link #delta(int, Observation, EnvSpec)}
     */
    public int delta(int a) {
        if (isTarget(a)) {
            throw new IllegalStateException("action " + label(a) + " is a headroom target; its delta depends on the "
                    + "observation");
        }
        return deltas[a];
    }

    /** Instance delta that action {@code a} requests after observing {@code o}. */
    public int delta(int a, Observation o, EnvSpec spec) {
        if (!isTarget(a)) {
            return deltas[a];
        }
        return targetDelta(a, o.forecastRate(), o.arrivalRate(), o.previousArrivalRate(), o.backlog(), o.instances(),
                spec);
    }

    /** {@link #delta(int, Observation, EnvSpec)} of the observation after the step in {@code b}, without making it. */
    public int deltaAfter(int a, StepBuffer b, EnvSpec spec) {
        if (!isTarget(a)) {
            return deltas[a];
        }
        return targetDelta(a, b.forecastRate, b.arrivalRate, b.previousArrivalRate, b.backlog,
                b.readyAfter + b.bootingAfter, spec);
    }

    private int targetDelta(int a, double forecastRate, double arrivalRate, double previousArrivalRate, double backlog,
                            int n, EnvSpec spec) {
        double h = margins[a - deltas.length];
        if (residual != null) {
            long t = residual.rateMargin() ? NeedTable.of(spec).need(forecastRate * (1 + h))
                    : residual.target(NeedTable.of(spec).need(forecastRate), h);
            return (int) Math.max(spec.minInstances(), Math.min(spec.maxInstances(), t)) - n;
        }
        int need = NeedTable.of(spec).need(
                ScaleFreeFeatures.demand(forecastRate, arrivalRate, previousArrivalRate, backlog, spec));
        int lower = (int) Math.ceil(need * (1 + h) - 1e-9);
        int upper = Math.max(lower, (int) Math.floor(need * (1 + upperMargin(h)) + 1e-9));
        int target = n < lower ? lower : n > upper ? upper : n;
        target = Math.max(spec.minInstances(), Math.min(spec.maxInstances(), target));
        return target - n;
    }

    /** The top of margin {@code h}'s band: the next larger margin of the set, or 1.25 (1 + h) - 1 for the largest. */
    private double upperMargin(double h) {
        double next = Double.POSITIVE_INFINITY;
        for (double m : margins) {
            if (m > h && m < next) {
                next = m;
            }
        }
        return Double.isInfinite(next) ? 1.25 * (1 + h) - 1 : next;
    }

    /**
     * A short label of action {@code a}: {@code "+1"}, {@code "0"}, {@code "-1"}, {@code "h=+10%"}, or in residual
     * mode {@code "h=+75% (mpc)"} (relative margins) or {@code "beta=1.06 (mpc)"} (square-root staffing).
     */
    public String label(int a) {
        String[] l = labels;
        if (l == null) {
            l = new String[size()];
            for (int i = 0; i < l.length; i++) {
                l[i] = computeLabel(i);
            }
            labels = l; // immutable strings: a thread that sees null computes the same array
        }
        return l[a];
    }

    private String computeLabel(int a) {
        if (!isTarget(a)) {
            return deltas[a] > 0 ? "+" + deltas[a] : Integer.toString(deltas[a]);
        }
        double h = margins[a - deltas.length];
        if (residual == null) {
            return String.format(Locale.ROOT, "h=%+.0f%%", 100 * h);
        }
        String mpc = h == residual.mpcMargin() ? " (mpc)" : "";
        if (residual.sqrtStaffing()) {
            return String.format(Locale.ROOT, "beta=%.2f", residual.beta(h)) + mpc;
        }
        String pct = String.format(Locale.ROOT, "%+.1f", 100 * h).replaceAll("\\.0$", "");
        return (residual.rateMargin() ? "rate h=" : "h=") + pct + "%" + mpc;
    }

    /** Index of the hold action (delta 0); -1 when there are no moves (residual mode: margins only). */
    public int holdIndex() {
        return hold;
    }

    /** The moves' deltas (without the headroom targets). */
    public List<Integer> asList() {
        return Arrays.stream(deltas).boxed().toList();
    }

    /** The headroom targets' margins (empty for a set of moves only). */
    public List<Double> margins() {
        return Arrays.stream(margins).boxed().toList();
    }

    /** A fresh executor of this set (one per episode loop: it carries the stabilization window). */
    public Executor executor() {
        return new Executor(residual == null ? 0 : residual.stabilizationSteps());
    }

    /**
     * Turns actions into instance deltas step by step, applying the residual mode's scale-down stabilization
     * (Kubernetes HPA's rule, {@link dev.scalewise.policy.ScaleDownStabilization}): every step's target (current +
     * the action's delta; hold's is the current capacity) is remembered for {@code window} steps; a scale-up is
     * taken at once, a scale-down only to the highest target of the window (this step's included), so capacity
     * falls only once the lower target has lasted the window. Without a window it returns the action's delta
     * unchanged.
     */
    public final class Executor {
        private final dev.scalewise.policy.ScaleDownStabilization stabilization;

        Executor(int window) {
            this.stabilization = new dev.scalewise.policy.ScaleDownStabilization(window);
        }

        /** Forgets the window (a new episode). */
        public void reset() {
            stabilization.reset();
        }

        /** The delta requested after observing {@code o} when action {@code a} is chosen. */
        public int delta(int a, Observation o, EnvSpec spec) {
            int d = ActionSet.this.delta(a, o, spec);
            int n = o.instances();
            return stabilization.apply(n, n + d) - n;
        }

        /** {@link #delta} after observing the step in {@code b} ({@link StepBuffer#observation()}), without making it. */
        public int deltaAfter(int a, StepBuffer b, EnvSpec spec) {
            int d = ActionSet.this.deltaAfter(a, b, spec);
            int n = b.readyAfter + b.bootingAfter;
            return stabilization.apply(n, n + d) - n;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionSet s && Arrays.equals(s.deltas, deltas) && Arrays.equals(s.margins, margins)
                && java.util.Objects.equals(s.residual, residual);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(deltas) + Arrays.hashCode(margins)) + java.util.Objects.hashCode(residual);
    }

    @Override
    public String toString() {
        String r = residual == null ? "" : String.format(Locale.ROOT, " (residual over mpc margin %s, scale-down "
                + "stabilization %d steps%s)", residual.mpcMargin(), residual.stabilizationSteps(),
                residual.sqrtStaffing() ? String.format(Locale.ROOT, ", square-root staffing at need %s",
                        residual.referenceNeed()) : residual.rateMargin() ? ", margins on the rate" : "");
        return (margins.length == 0 ? Arrays.toString(deltas)
                : Arrays.toString(deltas) + " + headroom " + Arrays.toString(margins)) + r;
    }
}
