package dev.scalewise.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guard rails: the trained range from a run's steps log, and the fallback outside it. */
class GuardTest {
    private static final ScaledTarget T = new ScaledTarget("shop", "web", Map.of());

    @Test
    void trainingPeakComesFromTheStepsLog(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("steps.csv"), "episode,t,state,arrival_rate,ready\n0,0,s,12.5,3\n0,1,s,80.25,3\n1,0,s,40,4\n");
        assertThat(TrainedRange.maxRate(run)).hasValue(80.25);
        ServeConfig c = TrainedRange.apply(ServeConfig.defaults(), run);
        assertThat(c.guard().maxRate()).isEqualTo(80.25);
        Files.writeString(run.resolve("steps.csv"), "episode,t,state,arrival_rate,ready\n0,0,s,oops,3\n");
        assertThatThrownBy(() -> TrainedRange.maxRate(run)).hasMessageEndingWith("steps.csv:2: arrival_rate 'oops' is not a number");
    }

    @Test
    void ratesAboveTheRangeFallBackAndEveryChangeIsBounded() {
        ServeConfig c = ServeConfig.defaults().withGuard(new ServeConfig.Guard(2, 12, 3, 90.0, 0.7, 80.0));
        Decider d = ServedPolicy.named("hpa", c).decider();
        // 140 req/s on 4 ready of 10 req/s: outside the range (80): HPA calculator ceil(3.5 / 0.7 x 4) = 20, cut to 4 + 3
        Decision out = d.decide(T, new LiveSample(0, 140, 4, 4, 0, null, null, null));
        assertThat(out.source()).isEqualTo(Decision.FALLBACK);
        assertThat(out.reason()).contains("above the policy's range (maxRate 80.0)").contains("step cut to maxStep 3");
        assertThat(out.proposed()).isEqualTo(20);
        assertThat(out.desired()).isEqualTo(7);
        // stale replica samples: fallback; 110 req/s on 11: ceil(1.43 x 11) = 16, cut to 14, bounded to maxReplicas 12
        Decision stale = d.decide(T, new LiveSample(30, 110, 11, 11, 120, null, null, null));
        assertThat(stale.source()).isEqualTo(Decision.FALLBACK);
        assertThat(stale.reason()).contains("120 s old");
        assertThat(stale.desired()).isEqualTo(12);
        // no load: the policy decides again, never below minReplicas
        Decision calm = d.decide(T, new LiveSample(60, 0, 2, 2, 0, null, null, null));
        assertThat(calm.source()).isEqualTo(Decision.POLICY);
        assertThat(calm.desired()).isGreaterThanOrEqualTo(2);
        assertThat(d.failed(T, 90, "prometheus unreachable").desired()).isEqualTo(calm.desired());
    }
}
