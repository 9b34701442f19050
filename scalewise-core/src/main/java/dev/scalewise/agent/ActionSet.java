package dev.scalewise.agent;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
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
 * itself); no band. The margin set brackets {@code mpc}'s tuned margin and contains it, so one action is
 * {@code mpc}; ties (a never-visited state) go to that action, so the learner falls back to {@code mpc} where it
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

    /**
     * The residual mode's settings.
     *
     * @param mpcMargin          the margin of the action that reproduces {@code mpc} (one of the margins)
     * @param stabilizationSteps scale-down stabilization window in steps (0: none)
     */
    public record Residual(double mpcMargin, int stabilizationSteps) {
        public Residual {
            if (!(mpcMargin >= 0) || !Double.isFinite(mpcMargin)) {
                throw new IllegalArgumentException("residual.mpcMargin must be a finite number >= 0, got " + mpcMargin);
            }
            if (stabilizationSteps < 0) {
                throw new IllegalArgumentException("residual.stabilizationSteps must be >= 0, got " + stabilizationSteps);
            }
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
        double h = margins[a - deltas.length];
        if (residual != null) {
            int need = NeedTable.of(spec).need(o.forecastRate());
            long t = (long) Math.ceil(need * (1 + h) - 1e-9);
            return (int) Math.max(spec.minInstances(), Math.min(spec.maxInstances(), t)) - o.instances();
        }
        int need = NeedTable.of(spec).need(ScaleFreeFeatures.demand(o, spec));
        int lower = (int) Math.ceil(need * (1 + h) - 1e-9);
        int upper = Math.max(lower, (int) Math.floor(need * (1 + upperMargin(h)) + 1e-9));
        int n = o.instances();
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

    /** A short label of action {@code a}: {@code "+1"}, {@code "0"}, {@code "-1"} or {@code "h=+10%"}. */
    public String label(int a) {
        if (!isTarget(a)) {
            return deltas[a] > 0 ? "+" + deltas[a] : Integer.toString(deltas[a]);
        }
        double h = margins[a - deltas.length];
        if (residual == null) {
            return String.format(Locale.ROOT, "h=%+.0f%%", 100 * h);
        }
        String pct = String.format(Locale.ROOT, "%+.1f", 100 * h).replaceAll("\\.0$", "");
        return "h=" + pct + "%" + (h == residual.mpcMargin() ? " (mpc)" : "");
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
     * (Kubernetes HPA's rule): every step's target (current + the action's delta; hold's is the current capacity) is
     * remembered for {@code window} steps; a scale-up is taken at once, a scale-down only to the highest target of
     * the window (this step's included), so capacity falls only once the lower target has lasted the window.
     * Without a window it returns the action's delta unchanged.
     */
    public final class Executor {
        private final int[] recent;
        private int seen;

        Executor(int window) {
            this.recent = new int[window];
        }

        /** Forgets the window (a new episode). */
        public void reset() {
            seen = 0;
        }

        /** The delta requested after observing {@code o} when action {@code a} is chosen. */
        public int delta(int a, Observation o, EnvSpec spec) {
            int d = ActionSet.this.delta(a, o, spec);
            if (recent.length == 0) {
                return d;
            }
            int n = o.instances();
            int target = n + d;
            recent[seen % recent.length] = target;
            seen++;
            if (target >= n) {
                return d;
            }
            int highest = target;
            for (int i = 0; i < Math.min(seen, recent.length); i++) {
                highest = Math.max(highest, recent[i]);
            }
            return Math.min(n, highest) - n;
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
                + "stabilization %d steps)", residual.mpcMargin(), residual.stabilizationSteps());
        return (margins.length == 0 ? Arrays.toString(deltas)
                : Arrays.toString(deltas) + " + headroom " + Arrays.toString(margins)) + r;
    }
}
