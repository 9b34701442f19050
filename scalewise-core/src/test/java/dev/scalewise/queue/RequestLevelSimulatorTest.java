package dev.scalewise.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RequestLevelSimulatorTest {

    /** p95 of one long step after a warm-up, against the reference values of PHYSICS.md (Erlang C sojourn tail). */
    @Test
    void longStationaryRunsMatchErlangCP95() {
        double[][] cases = {{2, 1.5, 6.47658100}, {5, 4.0, 4.19746258}, {50, 45.0, 3.08279556}};
        for (double[] k : cases) {
            int c = (int) k[0];
            RequestLevelSimulator des = new RequestLevelSimulator(Double.POSITIVE_INFINITY, true, 7);
            des.step(k[1], 1.0, c, 2_000);
            StepOutcome o = des.step(k[1], 1.0, c, 3_000_000 / k[1]);
            assertThat(o.p95()).as("p95 at c=%d lambda=%s", c, k[1]).isCloseTo(k[2], within(0.02 * k[2]));
            double mean = ErlangC.meanResponse(c, k[1], 1.0);
            assertThat(o.meanResponse()).isCloseTo(mean, within(0.02 * mean));
        }
    }

    @Test
    void longStationaryRunsMatchMmckBlocking() {
        // c, K, offered a, blocking (PHYSICS.md)
        double[][] cases = {{1, 10, 0.9, 0.0508137313}, {5, 20, 5.0, 0.0540236840}, {10, 50, 12.0, 0.1667174822}};
        for (double[] k : cases) {
            int c = (int) k[0];
            RequestLevelSimulator des = new RequestLevelSimulator(k[1] - c, true, 11);
            des.step(k[2], 1.0, c, 1_000);
            StepOutcome o = des.step(k[2], 1.0, c, 4_000_000 / k[2]);
            double blocking = o.dropped() / o.arrived();
            assertThat(blocking).as("blocking at c=%d K=%s", c, k[1]).isCloseTo(k[3], within(0.02 * k[3]));
        }
    }

    @Test
    void lossSystemWithoutWaitingRoomMatchesErlangB() {
        RequestLevelSimulator des = new RequestLevelSimulator(0, true, 3);
        StepOutcome o = des.step(8, 1.0, 10, 500_000);
        double b = ErlangC.erlangB(10, 8);
        assertThat(o.dropped() / o.arrived()).isCloseTo(b, within(0.02 * b));
        assertThat(o.backlogAfter()).isZero();
        // nobody waits: every response time is a service time
        assertThat(o.p95()).isCloseTo(Math.log(20), within(0.02 * Math.log(20)));
    }

    @Test
    void conservesRequestsExactlyAcrossCapacityChanges() {
        SplittableRandom r = new SplittableRandom(5);
        RequestLevelSimulator des = new RequestLevelSimulator(300, true, 99);
        double backlog = 0;
        long arrived = 0;
        long served = 0;
        long dropped = 0;
        int overloaded = 0;
        for (int i = 0; i < 3_000; i++) {
            int c = r.nextInt(0, 25);
            double mu = 0.5 + 10 * r.nextDouble();
            double lambda = 1.4 * Math.max(c, 1) * mu * r.nextDouble();
            double dt = 0.5 + 30 * r.nextDouble();
            StepOutcome o = des.step(lambda, mu, c, dt);
            assertThat(o.backlogBefore()).isEqualTo(backlog);
            assertThat(o.arrived() + o.backlogBefore()).isEqualTo(o.served() + o.dropped() + o.backlogAfter());
            assertThat(o.backlogAfter()).isBetween(0.0, 300.0);
            for (double v : new double[] {o.arrived(), o.served(), o.dropped()}) {
                assertThat(v).isEqualTo(Math.rint(v)).isGreaterThanOrEqualTo(0);
            }
            assertThat(o.p50()).isLessThanOrEqualTo(o.p95());
            assertThat(o.p95()).isLessThanOrEqualTo(o.p99());
            if (c == 0) {
                assertThat(o.served()).isZero();
            }
            if (o.overloaded()) {
                overloaded++;
            }
            backlog = o.backlogAfter();
            arrived += (long) o.arrived();
            served += (long) o.served();
            dropped += (long) o.dropped();
        }
        assertThat(overloaded).isGreaterThan(300);
        assertThat(des.totalArrived()).isEqualTo(arrived);
        assertThat(des.totalStarted()).isEqualTo(served);
        assertThat(des.totalDropped()).isEqualTo(dropped);
        assertThat(arrived).isEqualTo(served + dropped + des.waiting());
    }

    @Test
    void reproducibleForASeedAndReplayableFromAState() {
        List<StepOutcome> a = run(new RequestLevelSimulator(50, true, 42), 0, 200);
        List<StepOutcome> b = run(new RequestLevelSimulator(50, true, 42), 0, 200);
        assertThat(a).isEqualTo(b);
        List<StepOutcome> other = run(new RequestLevelSimulator(50, true, 43), 0, 200);
        assertThat(other).isNotEqualTo(a);

        RequestLevelSimulator des = new RequestLevelSimulator(50, true, 42);
        run(des, 0, 100);
        RequestLevelSimulator.State s = des.state();
        List<StepOutcome> first = run(des, 100, 200);
        des.restore(s);
        assertThat(run(des, 100, 200)).isEqualTo(first).isEqualTo(a.subList(100, 200));
    }

    private static List<StepOutcome> run(RequestLevelSimulator des, int from, int to) {
        List<StepOutcome> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int c = 3 + (i * 7) % 5;
            out.add(des.step(20.0 * c * (0.7 + 0.5 * ((i * 13) % 7) / 6.0), 20, c, 10));
        }
        return out;
    }

    @Test
    void evenlySpacedArrivalsKeepTheRateAcrossSteps() {
        RequestLevelSimulator des = new RequestLevelSimulator(Double.POSITIVE_INFINITY, false, 1);
        long total = 0;
        for (int i = 0; i < 100; i++) {
            total += (long) des.step(3.3, 20, 1, 1.0).arrived();
        }
        assertThat(total).isBetween(329L, 330L);
    }

    @Test
    void drainedServersFinishTheirRequestAndNewServersServeAtOnce() {
        RequestLevelSimulator des = new RequestLevelSimulator(Double.POSITIVE_INFINITY, true, 8);
        // Deep overload with 2 servers builds a queue; 40 servers clear it at once in the next step.
        StepOutcome over = des.step(100, 10, 2, 10);
        assertThat(over.backlogAfter()).isGreaterThan(700);
        StepOutcome up = des.step(100, 10, 40, 10);
        assertThat(up.backlogAfter()).isLessThan(20);
        assertThat(up.served()).isEqualTo(over.backlogAfter() + up.arrived() - up.backlogAfter());
        // Removing every server: nothing starts, everyone waits, and the reported latency is the longest wait.
        StepOutcome none = des.step(100, 10, 0, 5);
        assertThat(none.served()).isZero();
        assertThat(none.p95()).isGreaterThan(4.0).isLessThanOrEqualTo(5.0 + 10);
    }

    @Test
    void rejectsBadInput() {
        RequestLevelSimulator des = new RequestLevelSimulator(10, true, 1);
        assertThatThrownBy(() -> des.step(Double.NaN, 1, 1, 1)).hasMessageContaining("arrival rate");
        assertThatThrownBy(() -> des.step(1, 0, 1, 1)).hasMessageContaining("service rate");
        assertThatThrownBy(() -> des.step(1, 1, -1, 1)).hasMessageContaining("servers");
        assertThatThrownBy(() -> new RequestLevelSimulator(-1, true, 1)).hasMessageContaining("queueLimit");
    }
}
