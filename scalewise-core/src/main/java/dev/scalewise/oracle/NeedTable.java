package dev.scalewise.oracle;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code need(rate)}: the fewest ready instances meeting the SLA at an arrival rate, exactly as
 * {@link Oracle#requiredInstances} defines it, answered in O(log n) from a table of break points so that agents
 * and rewards can ask it at every step of training.
 *
 * <p>{@code need} is non-decreasing in the rate, so it is a staircase: {@code maxRate[c]} is the largest rate that
 * {@code c} instances serve within the SLA (found by bisection on {@link Oracle#requiredInstances} itself, to a
 * relative precision of 1e-12, absolute 1e-12 requests/s), and {@code need(rate)} is the first {@code c} with
 * {@code rate <= maxRate[c]}. Rates that are exact multiples of the service rate are asked of the oracle directly:
 * there its fluid regime reports a step at utilization exactly 1 as compliant, the one place the requirement is not
 * monotone.
 * The table grows lazily as larger rates are asked. Tables are shared per (step, service rate, SLO, queue limit),
 * the only settings the requirement depends on.
 */
public final class NeedTable {
    private record Key(double stepSeconds, double serviceRate, double sloSeconds, double queueLimit) {
    }

    /** The table {@link #of(double, double, double)} last returned, with what it was asked for. */
    private record Last(double stepSeconds, double serviceRate, double sloSeconds, NeedTable table) {
    }

    private static final Map<Key, NeedTable> TABLES = new ConcurrentHashMap<>();
    /** Agents and rewards ask at every step, nearly always for the same spec. */
    private static volatile Last last;

    private final EnvConfig config;
    private final int atZero;
    private double[] maxRate = new double[0];
    private int known;
    /**
     * The break points found so far, {@code maxRate[0 .. known)}, published after each extension: never written
     * after publication, so {@link #need} reads it without a lock (it is asked at every step by the encoder, the
     * actions and the reward) and locks only to extend the table.
     */
    private volatile double[] published = new double[0];
    /**
     * {@link Oracle#requiredInstances} at the exact multiples of the service rate asked so far, keyed by the rate's
     * bits (a pure function of the rate; the scale-free training step asks it up to three times a step for one
     * rate: encoder, target action, reward). At most {@link #MULTIPLES_KEPT} entries; beyond, asked directly.
     */
    private final Map<Long, Integer> atMultiples = new ConcurrentHashMap<>();
    private static final int MULTIPLES_KEPT = 1 << 16;

    private NeedTable(EnvConfig config) {
        this.config = config;
        this.atZero = Oracle.requiredInstances(0, config);
    }

    /** The table of {@code config}'s physics. */
    public static NeedTable of(EnvConfig config) {
        Key k = new Key(config.stepSeconds(), config.serviceRate(), config.sloSeconds(), config.queueLimit());
        return TABLES.computeIfAbsent(k, key -> new NeedTable(config));
    }

    /**
     * The table for what a policy knows ({@link EnvSpec}: step, nominal service rate, SLO), with the default
     * queue limit of {@link EnvConfig#defaults()} (the limit only matters in overload, where need is not asked).
     */
    public static NeedTable of(EnvSpec spec) {
        return of(spec.stepSeconds(), spec.serviceRate(), spec.sloSeconds());
    }

    /** As {@link #of(EnvSpec)} for a step of {@code stepSeconds}, {@code serviceRate} per instance and an SLO. */
    public static NeedTable of(double stepSeconds, double serviceRate, double sloSeconds) {
        Last l = last;
        if (l != null && Double.compare(l.stepSeconds, stepSeconds) == 0
                && Double.compare(l.serviceRate, serviceRate) == 0 && Double.compare(l.sloSeconds, sloSeconds) == 0) {
            return l.table;
        }
        NeedTable table = of(EnvConfig.defaults().withStepSeconds(stepSeconds).withServiceRate(serviceRate)
                .withSloSeconds(sloSeconds));
        last = new Last(stepSeconds, serviceRate, sloSeconds, table);
        return table;
    }

    /** The fewest ready instances meeting the SLA at {@code rate} requests/s (0 or more; may exceed any bound). */
    public int need(double rate) {
        if (!(rate >= 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("need: rate must be a finite number >= 0, got " + rate);
        }
        double units = rate / config.serviceRate();
        if (units == Math.rint(units)) {
            // At exactly c mu the oracle's fluid regime serves the step with no backlog left: a point where the
            // requirement is not monotone, so it is asked directly (and remembered).
            return needAtMultiple(rate);
        }
        int c = Math.max(atZero, (int) Math.floor(units));
        double[] table = published;
        for (; c < table.length; c++) {
            if (rate <= table[c]) {
                return c;
            }
        }
        return needBeyond(rate, c);
    }

    /** As {@link #need} from {@code c} on, where the published table ends: extends it under the lock. */
    private int needAtMultiple(double rate) {
        Long bits = Double.doubleToLongBits(rate);
        Integer known = atMultiples.get(bits);
        if (known != null) {
            return known;
        }
        int n = Oracle.requiredInstances(rate, config);
        if (atMultiples.size() < MULTIPLES_KEPT) {
            atMultiples.putIfAbsent(bits, n);
        }
        return n;
    }

    private synchronized int needBeyond(double rate, int c) {
        while (true) {
            if (rate <= maxRate(c)) {
                published = Arrays.copyOf(maxRate, known);
                return c;
            }
            c++;
        }
    }

    /** The largest rate {@code c} instances serve within the SLA (0 below the requirement of an idle service). */
    private double maxRate(int c) {
        if (c < atZero) {
            return -1;
        }
        while (known <= c) {
            if (known == maxRate.length) {
                maxRate = Arrays.copyOf(maxRate, Math.max(16, maxRate.length * 2));
            }
            maxRate[known] = breakPoint(known);
            known++;
        }
        return maxRate[c];
    }

    private double breakPoint(int c) {
        double lo = known > 0 ? Math.max(0, maxRate[known - 1]) : 0;
        if (Oracle.requiredInstances(lo, config) > c) {
            return -1;
        }
        // c instances never serve c mu or more in the stable regime; exact multiples of mu are answered directly.
        double hi = c * config.serviceRate();
        while (hi - lo > 1e-12 * hi + 1e-12) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (Oracle.requiredInstances(mid, config) <= c) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
