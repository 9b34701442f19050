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
 */
public final class ActionSet {
    private final int[] deltas;
    private final double[] margins;
    private final int hold;

    public ActionSet(int... deltas) {
        this(deltas, new double[0]);
    }

    /**
     * @param deltas  instance deltas (must include 0)
     * @param margins headroom margins {@code h} (distinct, each in (-1, 10]); may be empty
     */
    public ActionSet(int[] deltas, double[] margins) {
        if (deltas.length == 0) {
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
        if (h < 0) {
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
        return new ActionSet(deltas.stream().mapToInt(Integer::intValue).toArray(),
                margins == null ? new double[0] : margins.stream().mapToDouble(Double::doubleValue).toArray());
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
        int need = NeedTable.of(spec).need(ScaleFreeFeatures.demand(o, spec));
        double h = margins[a - deltas.length];
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
        return String.format(Locale.ROOT, "h=%+.0f%%", 100 * margins[a - deltas.length]);
    }

    /** Index of the hold action (delta 0). */
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

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionSet s && Arrays.equals(s.deltas, deltas) && Arrays.equals(s.margins, margins);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(deltas) + Arrays.hashCode(margins);
    }

    @Override
    public String toString() {
        return margins.length == 0 ? Arrays.toString(deltas)
                : Arrays.toString(deltas) + " + headroom " + Arrays.toString(margins);
    }
}
