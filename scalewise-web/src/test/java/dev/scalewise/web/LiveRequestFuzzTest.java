package dev.scalewise.web;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target for the {@code POST /api/live} body: on any bytes {@link DashboardServer#parseLive} returns a request
 * within every bound ({@link LiveRequest#MAX_WORLDS}, {@link LiveRequest#MAX_STEPS}, {@link LiveRequest#MAX_WORK},
 * the documented ranges) or throws a 400 {@link ApiException} with a one-line message free of control characters;
 * anything else is a bug. The normal test run replays the regression corpus in
 * {@code src/test/resources/dev/scalewise/web/LiveRequestFuzzTestInputs/liveBody/}; to fuzz for real:
 * {@code JAZZER_FUZZ=1 mvn -o test -pl scalewise-web -am -Dtest=LiveRequestFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LiveRequestFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void liveBody(byte[] data) {
        LiveRequest r;
        try {
            r = DashboardServer.parseLive(data);
        } catch (ApiException e) {
            String m = e.getMessage();
            if (e.status() != 400 || m == null || m.isEmpty() || m.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new AssertionError("bad refusal (" + e.status() + "): " + m, e);
            }
            return;
        }
        long work = (long) r.steps() * r.policies().size();
        boolean ok = r.policies().size() >= 1 && r.policies().size() <= LiveRequest.MAX_WORLDS && r.steps() >= 1
                && r.steps() <= LiveRequest.MAX_STEPS && work <= LiveRequest.MAX_WORK && r.stepSeconds() >= 10
                && r.stepSeconds() <= 3600 && r.peakRate() > 0 && r.peakRate() <= 1e6 && r.speed() >= 0
                && r.speed() <= 1e6 && (r.speed() == 0 || r.speed() >= LiveStream.MIN_SPEED) && r.seed() != null
                && (r.trace() == null) != (r.workload() == null) && r.from() != null && r.from() >= 0
                && r.from() <= LiveRequest.MAX_FROM && (r.scale() == null || r.scale() > 0 && r.scale() <= 1e6)
                && (r.bootDelay() == null || r.bootDelay() >= 0 && r.bootDelay() <= 3600)
                && (r.physics().equals("fast") || r.physics().equals("des"));
        if (!ok) {
            throw new AssertionError("accepted out of bounds: " + r);
        }
    }
}
