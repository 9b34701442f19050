package dev.scalewise.explain;

import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A greedy policy tabulated over utilization x ready instances, the other features held at chosen values: the
 * greedy action and the largest action value in each cell.
 *
 * <p>Each cell's observation: {@code ready} instances at utilization {@code u}, so the arrival rate is
 * {@code u x ready x mu}; the previous rate is {@code rate / (1 + trend)}; the forecast {@code rate x (1 + forecastChange)};
 * {@code booting}, {@code backlog} and the p95 as given.
 */
public final class PolicyMap {

    /**
     * The features held fixed.
     *
     * @param trend          relative change of the arrival rate over the last step (0.1: +10%), &gt; -1
     * @param forecastChange relative change forecast at the boot horizon, &gt;= -1
     * @param booting        booting instances, &gt;= 0
     * @param backlog        requests waiting, &gt;= 0
     * @param p95Seconds     last step's p95, &gt;= 0
     */
    public record Fixed(double trend, double forecastChange, int booting, double backlog, double p95Seconds) {
        public Fixed {
            if (!(trend > -1) || !(forecastChange >= -1) || booting < 0 || !(backlog >= 0) || !(p95Seconds >= 0)) {
                throw new IllegalArgumentException("policy map: need trend > -1, forecastChange >= -1, booting >= 0, "
                        + "backlog >= 0, p95 >= 0; got " + trend + ", " + forecastChange + ", " + booting + ", "
                        + backlog + ", " + p95Seconds);
            }
        }

        /** Steady traffic, nothing booting, no backlog. */
        public static Fixed steady() {
            return new Fixed(0, 0, 0, 0, 0);
        }
    }

    /**
     * One cell.
     *
     * @param utilization the cell's utilization
     * @param instances   ready instances
     * @param state       the encoder's state
     * @param action      the greedy instance delta
     * @param maxQ        the largest action value
     */
    public record Cell(double utilization, int instances, int state, int action, double maxQ) {
    }

    private PolicyMap() {
    }

    /**
     * Tabulates {@code policy} (reset with {@code spec}) over {@code utilizations} x {@code instances}; cells are in
     * row-major order (instances outer, utilization inner).
     */
    public static List<Cell> compute(GreedyPolicy policy, EnvSpec spec, double[] utilizations, int[] instances,
                                     Fixed fixed) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(fixed, "fixed");
        if (utilizations.length == 0 || instances.length == 0) {
            throw new IllegalArgumentException("policy map needs at least one utilization and one instance count");
        }
        policy.reset(spec);
        double mu = spec.serviceRate();
        List<Cell> cells = new ArrayList<>(utilizations.length * instances.length);
        for (int n : instances) {
            if (n < 0) {
                throw new IllegalArgumentException("policy map: instances must be >= 0, got " + n);
            }
            for (double u : utilizations) {
                if (!(u >= 0)) {
                    throw new IllegalArgumentException("policy map: utilization must be >= 0, got " + u);
                }
                double rate = u * Math.max(n, 1) * mu;
                Observation o = new Observation(0, rate, rate / (1 + fixed.trend()), n, fixed.booting(), u,
                        fixed.p95Seconds(), fixed.backlog(), 0, mu, rate * (1 + fixed.forecastChange()));
                int s = policy.state(o);
                int a = policy.greedyAction(s);
                double max = Double.NEGATIVE_INFINITY;
                for (double v : policy.qValues(s)) {
                    max = Math.max(max, v);
                }
                cells.add(new Cell(u, n, s, policy.deltaOf(a, o), max));
            }
        }
        return List.copyOf(cells);
    }

    /** Evenly spaced values {@code from, from + step, ..., <= to}. */
    public static double[] range(double from, double to, double step) {
        if (!(step > 0) || !(to >= from)) {
            throw new IllegalArgumentException("range: need step > 0 and to >= from, got " + from + ".." + to + " by " + step);
        }
        int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.round((from + i * step) * 1e9) / 1e9;
        }
        return v;
    }

    /** CSV with a header: {@code utilization,instances,state,action,max_q}. */
    public static String csv(List<Cell> cells) {
        StringBuilder b = new StringBuilder("utilization,instances,state,action,max_q\n");
        for (Cell c : cells) {
            b.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%s%n", c.utilization(), c.instances(), c.state(),
                    c.action(), c.maxQ()));
        }
        return b.toString().replace("\r\n", "\n");
    }
}
