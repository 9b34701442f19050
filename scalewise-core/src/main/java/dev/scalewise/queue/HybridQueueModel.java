package dev.scalewise.queue;

/**
 * Stationary M/M/c when the queue is stable and empty, fluid backlog otherwise ({@code PHYSICS.md}).
 *
 * <ul>
 *   <li><b>Stable</b> (no backlog, {@code lambda < c mu}): response-time mean and quantiles from M/M/c
 *   ({@link ErlangC}); with a finite waiting room {@code Q}, the fraction {@code P_block} of M/M/c/K
 *   ({@code K = c + Q}) is dropped.</li>
 *   <li><b>Fluid</b> (backlog or {@code lambda >= c mu}): {@code B' = B + (lambda - c mu) dt}, floored at 0 and
 *   capped at {@code Q}; the excess is dropped. Arrivals spread evenly over the step see a backlog that moves
 *   linearly from {@code B} to {@code B'}, so their wait is uniform between {@code B/(c mu)} and
 *   {@code B'/(c mu)}; a response-time quantile is the wait quantile plus the exponential service quantile
 *   {@code -ln(1-q)/mu} (an upper bound of the quantile of the sum). With no ready server, requests wait at
 *   least the whole step: the wait is taken as {@code dt + B'/mu}.</li>
 * </ul>
 *
 * <p>This hybrid is an approximation (stationary formulas applied per step; a deterministic fluid in
 * overload). It is exact for the steady state of M/M/c and conserves requests exactly every step.
 */
public final class HybridQueueModel implements QueueModel {
    private final double queueLimit;

    /**
     * @param queueLimit waiting-room capacity Q of the whole service in requests; {@code Double.POSITIVE_INFINITY}
     *                   for an unbounded queue
     */
    public HybridQueueModel(double queueLimit) {
        if (!(queueLimit >= 0)) {
            throw new IllegalArgumentException("queueLimit must be >= 0 (or infinite), got " + queueLimit);
        }
        this.queueLimit = queueLimit;
    }

    public double queueLimit() {
        return queueLimit;
    }

    @Override
    public StepOutcome serve(double lambda, double mu, int c, double backlog, double dt) {
        double arrived = lambda * dt;
        if (backlog <= 0 && c > 0 && lambda < c * mu) {
            return stable(lambda, mu, c, arrived, dt);
        }
        return fluid(lambda, mu, c, backlog, arrived, dt);
    }

    private StepOutcome stable(double lambda, double mu, int c, double arrived, double dt) {
        double a = lambda / mu;
        double rho = a / c;
        if (lambda == 0) {
            double s = 1.0 / mu;
            return new StepOutcome(0, 0, 0, 0, 0, 0, s, s * Math.log(2), s * Math.log(20), s * Math.log(100), false);
        }
        double erlangB = ErlangC.erlangB(c, a);
        double pWait = c * erlangB / (c - a * (1 - erlangB));
        double d = c * mu - lambda;
        double dropped = 0;
        if (Double.isFinite(queueLimit)) {
            long k = c + (long) Math.floor(queueLimit);
            dropped = arrived * ErlangC.blockingFromErlangB(erlangB, c, k, a);
        }
        double served = arrived - dropped;
        double mean = pWait / d + 1.0 / mu;
        double p50 = ErlangC.responseQuantile(pWait, d, mu, 0.50);
        double p95 = ErlangC.responseQuantile(pWait, d, mu, 0.95);
        double p99 = ErlangC.responseQuantile(pWait, d, mu, 0.99);
        return new StepOutcome(arrived, 0, served, dropped, 0, rho, mean, p50, p95, p99, false);
    }

    private StepOutcome fluid(double lambda, double mu, int c, double backlog, double arrived, double dt) {
        double total = backlog + arrived;
        if (total <= 0) {
            // No server and no work: nothing to serve, nobody waits.
            return new StepOutcome(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
        }
        double capacity = c * mu * dt;
        double served = Math.min(total, capacity);
        double remaining = total - served;
        double after = Math.min(remaining, queueLimit);
        double dropped = remaining - after;
        double utilization = lambda / (Math.max(c, 1) * mu);
        double waitLow;
        double waitHigh;
        if (c > 0) {
            waitLow = Math.min(backlog, after) / (c * mu);
            waitHigh = Math.max(backlog, after) / (c * mu);
        } else {
            waitLow = dt;
            waitHigh = dt + after / mu;
        }
        double s = 1.0 / mu;
        double mean = 0.5 * (waitLow + waitHigh) + s;
        double span = waitHigh - waitLow;
        double p50 = waitLow + 0.50 * span + s * Math.log(2);
        double p95 = waitLow + 0.95 * span + s * Math.log(20);
        double p99 = waitLow + 0.99 * span + s * Math.log(100);
        return new StepOutcome(arrived, backlog, served, dropped, after, utilization, mean, p50, p95, p99, true);
    }
}
