package dev.scalewise.oracle;

import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.queue.HybridQueueModel;

/**
 * The offline oracle: the cheapest capacity schedule that meets the SLA at every step of a known trace,
 * honouring the boot delay, the bounds and the initial instances of the environment.
 *
 * <h2>Method</h2>
 * <ol>
 *   <li><b>Requirement.</b> For each step, {@code n_t} = the fewest ready instances for which the environment's
 *   own queue model ({@link HybridQueueModel}, empty queue at the start of the step) meets the SLA
 *   ({@link AutoscaleEnv#violatesSla}) and leaves no backlog. A schedule that meets every step therefore never
 *   carries a backlog, so the requirements of different steps do not interact.</li>
 *   <li><b>Levels.</b> Instances are interchangeable, so the schedule decomposes into levels: level j must be
 *   ready at every step with {@code n_t >= j}. Each level is an independent ski-rental problem with a known
 *   future: between two needed runs separated by a gap of g idle steps, keeping the instance costs g steps,
 *   releasing it and launching again costs the k = ceil(boot / dt) booting steps, so it is kept iff g &lt;= k; a
 *   launch happens k steps before the run it serves (or at step 0 when that is too late: those steps are unmet);
 *   levels up to the initial instances start ready; levels up to the minimum are always on; nothing runs after
 *   a level's last need.</li>
 *   <li><b>Capacity</b> of a step is the number of levels on; the oracle policy requests the difference. Because
 *   the cluster cancels booting instances before ready ones, replaying these capacities keeps at least as many
 *   instances ready as the plan (the tests check it, and check optimality against brute-force enumeration of
 *   every capacity sequence on tiny traces).</li>
 * </ol>
 * This is dynamic programming over (step, ready, booting pipeline) solved in closed form: the per-level
 * recurrence (keep vs release across each gap) is the whole state that matters, in O(steps x levels).
 *
 * <h2>Limits</h2>
 * Exact for the environment's cost when the minimum billed time is at most one step (the default: 60 s
 * minimum, 60 s steps); with longer minimums it ignores the minimum-billing remainder of short-lived instances.
 * It plans with the settled (stationary) requirement, so it does not exploit transients (a short step at a
 * utilization near 1 starting from an empty queue can still be compliant); a policy that did could, in principle,
 * come out cheaper for a step or two.
 */
public final class Oracle {
    private Oracle() {
    }

    /**
     * The fewest ready instances that meet the SLA at {@code rate} once the queue has settled (may exceed any
     * bound): the stationary p95 within the SLO, expected drops per step within
     * {@link AutoscaleEnv#DROP_TOLERANCE_REQUESTS}, and {@code rate < c mu} strictly, so an integer load of k erlangs
     * needs more than k instances ({@link HybridQueueModel#requiredServers}; O(log c) Erlang recursions).
     */
    public static int requiredInstances(double rate, EnvConfig config) {
        return HybridQueueModel.requiredServers(rate, config.serviceRate(), config.queueLimit(), config.sloSeconds(),
                AutoscaleEnv.DROP_TOLERANCE_REQUESTS, config.stepSeconds());
    }

    /**
     * Plans the cheapest schedule for {@code rates} (one per step, requests/s; the arrivals the environment will
     * actually see).
     */
    public static OracleSchedule plan(double[] rates, EnvConfig config) {
        ClusterConfig cc = config.cluster();
        int steps = rates.length;
        int k = (int) Math.ceil(cc.bootDelaySeconds() / config.stepSeconds() - 1e-12);
        int[] req = new int[steps];
        int top = Math.max(cc.initialInstances(), cc.minInstances());
        for (int t = 0; t < steps; t++) {
            req[t] = Math.min(cc.maxInstances(), requiredInstances(rates[t], config));
            top = Math.max(top, req[t]);
        }
        int[] cap = new int[steps];
        boolean[] unmetStep = new boolean[steps];
        boolean[] on = new boolean[steps];
        for (int j = 1; j <= top; j++) {
            java.util.Arrays.fill(on, false);
            if (j <= cc.minInstances()) {
                java.util.Arrays.fill(on, true);
            } else {
                boolean initiallyReady = j <= cc.initialInstances();
                int prevEnd = Integer.MIN_VALUE; // last needed step of the previous run
                int t = 0;
                while (t < steps) {
                    if (req[t] < j) {
                        t++;
                        continue;
                    }
                    int a = t;
                    int e = t;
                    while (e + 1 < steps && req[e + 1] >= j) {
                        e++;
                    }
                    int from;
                    if (prevEnd == Integer.MIN_VALUE) {
                        if (initiallyReady) {
                            from = a <= k ? 0 : a - k;
                        } else {
                            from = Math.max(0, a - k);
                            int readyAt = from + k;
                            for (int u = a; u < Math.min(readyAt, e + 1); u++) {
                                unmetStep[u] = true;
                            }
                        }
                    } else {
                        int gap = a - prevEnd - 1;
                        from = gap <= k ? prevEnd + 1 : a - k;
                    }
                    for (int u = from; u <= e; u++) {
                        on[u] = true;
                    }
                    prevEnd = e;
                    t = e + 1;
                }
            }
            for (int t = 0; t < steps; t++) {
                if (on[t]) {
                    cap[t]++;
                }
            }
        }
        // Requirements above the maximum are unmet whatever the schedule.
        for (int t = 0; t < steps; t++) {
            if (requiredInstances(rates[t], config) > cc.maxInstances()) {
                unmetStep[t] = true;
            }
        }
        int unmet = 0;
        for (boolean u : unmetStep) {
            unmet += u ? 1 : 0;
        }
        long instanceSteps = 0;
        for (int c : cap) {
            instanceSteps += c;
        }
        return new OracleSchedule(req, cap, unmet, instanceSteps);
    }
}
