package dev.scalewise.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HybridQueueModelTest {

    @Test
    void conservationHoldsEveryStepOverALongRandomRun() {
        SplittableRandom rng = new SplittableRandom(42);
        HybridQueueModel q = new HybridQueueModel(500);
        double backlog = 0;
        int overloadSteps = 0;
        for (int i = 0; i < 100_000; i++) {
            int c = rng.nextInt(0, 30);
            double mu = 0.5 + rng.nextDouble() * 10;
            double lambda = rng.nextDouble() * 1.5 * Math.max(c, 1) * mu;
            double dt = 1 + rng.nextDouble() * 120;
            StepOutcome o = q.serve(lambda, mu, c, backlog, dt);
            double lhs = o.arrived() + o.backlogBefore();
            double rhs = o.served() + o.dropped() + o.backlogAfter();
            assertThat(rhs).isCloseTo(lhs, within(1e-9 * Math.max(1, lhs)));
            assertThat(o.backlogBefore()).isEqualTo(backlog);
            assertThat(o.served()).isGreaterThanOrEqualTo(0);
            assertThat(o.dropped()).isGreaterThanOrEqualTo(0);
            assertThat(o.backlogAfter()).isBetween(0.0, 500.0);
            assertThat(o.served()).isLessThanOrEqualTo(c * mu * dt * (1 + 1e-12) + 1e-9);
            for (double v : new double[] {o.utilization(), o.meanResponse(), o.p50(), o.p95(), o.p99()}) {
                assertThat(Double.isFinite(v)).isTrue();
            }
            assertThat(o.p50()).isLessThanOrEqualTo(o.p95());
            assertThat(o.p95()).isLessThanOrEqualTo(o.p99());
            if (o.overloaded()) {
                overloadSteps++;
            }
            backlog = o.backlogAfter();
        }
        assertThat(overloadSteps).isGreaterThan(1000);
    }

    @Test
    void serveIntoGivesServesOutcomesBitForBitInEveryRegime() {
        SplittableRandom r = new SplittableRandom(18);
        HybridQueueModel[] models = {new HybridQueueModel(5000), new HybridQueueModel(Double.POSITIVE_INFINITY),
                new HybridQueueModel(3)};
        OutcomeBuffer buffer = new OutcomeBuffer();
        int stationary = 0;
        for (int i = 0; i < 50_000; i++) {
            HybridQueueModel model = models[i % models.length];
            int c = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(200);
            double mu = Math.exp(r.nextDouble(-1, 4));
            double rho = r.nextInt(20) == 0 ? 0 : r.nextDouble(0, 1.3);
            double lambda = rho * Math.max(c, 1) * mu;
            double backlog = r.nextInt(3) == 0 ? 0 : Math.exp(r.nextDouble(-3, 8));
            double dt = r.nextBoolean() ? 60 : r.nextDouble(1, 300);
            StepOutcome expected = model.serve(lambda, mu, c, backlog, dt);
            model.serveInto(lambda, mu, c, backlog, dt, buffer);
            assertThat(buffer.toRecord()).as("c=%d lambda=%s mu=%s backlog=%s dt=%s", c, lambda, mu, backlog, dt)
                    .isEqualTo(expected);
            stationary += !expected.overloaded() && expected.backlogAfter() == 0 ? 1 : 0;
        }
        assertThat(stationary).as("steps on the stationary path").isGreaterThan(5_000);
    }

    @Test
    void stableRegimeSatisfiesLittlesLawAndMatchesErlangC() {
        HybridQueueModel q = new HybridQueueModel(Double.POSITIVE_INFINITY);
        StepOutcome o = q.serve(8.0, 1.0, 10, 0, 60);
        assertThat(o.overloaded()).isFalse();
        assertThat(o.meanResponse()).isCloseTo(1.2045900754, within(1e-9));
        assertThat(o.p95()).isCloseTo(3.32827468, within(1e-6));
        // Little: L = lambda W; Lq = lambda Wq.
        double l = 8.0 * o.meanResponse();
        double lq = 8.0 * ErlangC.meanWait(10, 8.0, 1.0);
        assertThat(l - lq).isCloseTo(8.0, within(1e-9)); // busy servers = offered load a
        assertThat(o.served()).isCloseTo(o.arrived(), within(1e-9));
        assertThat(o.dropped()).isZero();
    }

    @Test
    void littlesLawInARequestLevelSimulation() {
        // Validate the stationary formulas with an event-driven M/M/c simulation (FCFS).
        int c = 3;
        double lambda = 2.4;
        double mu = 1.0;
        SplittableRandom rng = new SplittableRandom(7);
        double[] free = new double[c];
        double t = 0;
        double sumSojourn = 0;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            t += -Math.log(1 - rng.nextDouble()) / lambda;
            int k = 0;
            for (int j = 1; j < c; j++) {
                if (free[j] < free[k]) {
                    k = j;
                }
            }
            double start = Math.max(t, free[k]);
            double end = start - Math.log(1 - rng.nextDouble()) / mu;
            free[k] = end;
            sumSojourn += end - t;
        }
        double simulated = sumSojourn / n;
        assertThat(simulated).isCloseTo(ErlangC.meanResponse(c, lambda, mu), within(0.03 * ErlangC.meanResponse(c, lambda, mu)));
    }

    @Test
    void overloadBuildsBacklogThenDropsAtTheLimit() {
        HybridQueueModel q = new HybridQueueModel(100);
        // 2 servers x 1 req/s = 2 req/s capacity; 3 req/s arrive: the fluid backlog grows 1 req/s, and the
        // reflected diffusion (theta = 1, sigma2 = 5) adds E L(60) = 2.4998 requests pushed up at the empty line.
        StepOutcome a = q.serve(3, 1, 2, 0, 60);
        assertThat(a.overloaded()).isTrue();
        assertThat(a.backlogAfter()).isCloseTo(62.49983770858353, within(1e-9));
        assertThat(a.dropped()).isZero();
        StepOutcome b = q.serve(3, 1, 2, a.backlogAfter(), 60);
        assertThat(b.backlogAfter()).isCloseTo(100, within(1e-12));
        assertThat(b.dropped()).isCloseTo(a.backlogAfter() + 60 - 100, within(1e-6));
        // The room fills mid-step: after that a request waits Q/(c mu) = 50 s, so the p95 sits there.
        assertThat(b.p95()).isBetween(45.0, 50.0 + Math.log(20));
        assertThat(b.p95()).isGreaterThan(a.p95());
        // Capacity restored: the backlog drains within the step, to the stationary line (sigma2/(2|theta|) = 5/6).
        StepOutcome c = q.serve(1, 1, 4, b.backlogAfter(), 60);
        assertThat(c.backlogAfter()).isLessThan(1.0);
        assertThat(c.served()).isCloseTo(160 - c.backlogAfter(), within(1e-9));
    }

    @Test
    void drainStepLatencyRisesSmoothlyWithTheBacklog() {
        // From an empty line through the stationary path, the short-drain split (tau <= dt/10), its blend into the
        // diffusion (dt/10 to dt/5) and the diffusion alone (tau = 0.3 dt): no cliff, never faster with more backlog.
        HybridQueueModel q = new HybridQueueModel(5000);
        for (int c : new int[] {10, 50}) {
            double lambda = 0.8 * c * 20;
            double prev = q.serve(lambda, 20, c, 0, 60).p95();
            double first = prev;
            for (double b = 0.25; b <= 0.3 * 60 * (c * 20 - lambda); b += 0.25) {
                double p95 = q.serve(lambda, 20, c, b, 60).p95();
                assertThat(p95).as("p95 at c=%d, backlog %s", c, b).isGreaterThanOrEqualTo(prev - 1e-12)
                        .isLessThanOrEqualTo(prev * 1.01);
                prev = p95;
            }
            // and the backlog matters: at tau = 0.3 dt the 5% slowest are all drainers
            assertThat(prev).isGreaterThan(3 * first);
        }
    }

    @Test
    void noServersNoWorkIsQuiet() {
        StepOutcome o = new HybridQueueModel(10).serve(0, 1, 0, 0, 60);
        assertThat(o.p95()).isZero();
        assertThat(o.dropped()).isZero();
        StepOutcome p = new HybridQueueModel(10).serve(1, 1, 0, 0, 60);
        assertThat(p.served()).isZero();
        assertThat(p.backlogAfter()).isEqualTo(10);
        assertThat(p.dropped()).isCloseTo(50, within(1e-12));
        assertThat(p.p95()).isGreaterThan(60);
    }
}
