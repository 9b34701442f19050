package dev.scalewise.serve;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.agent.ModelFile;
import dev.scalewise.agent.QTable;
import dev.scalewise.agent.ScaleFreeEncoder;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.experiment.Comparison;
import dev.scalewise.policy.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guard rails: the trained range from a run folder and each reason to fall back, every change bounded, and what
 * the policy is shown (its state) when metrics are stale or missing.
 */
class GuardTest {
    private static final ScaledTarget T = new ScaledTarget("shop", "web", Map.of());
    private static final String HEADER = "episode,t,state,arrival_rate,ready,booting,utilization,p95_latency_s\n";

    private static ServeConfig config(double maxRate) {
        return ServeConfig.defaults().withGuard(new ServeConfig.Guard(1, 40, 40, 90.0, 0.7, maxRate));
    }

    @Test
    void trainedRangesComeFromTheStepsLog(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("steps.csv"), HEADER + "0,0,1,12.5,3,0,0.41,0.2\n0,1,1,80.25,3,1,2.675,0.3\n"
                + "1,0,4,40,4,2,1.0,0.2\n");
        TrainedRange r = TrainedRange.of(run);
        assertThat(r.maxRate()).hasValue(80.25);
        assertThat(r.range("arrival_rate")).containsExactly(12.5, 80.25);
        assertThat(r.range("ready")).containsExactly(3.0, 4.0);
        assertThat(r.range("booting")).containsExactly(0.0, 2.0);
        assertThat(r.range("utilization")).containsExactly(0.41, 2.675);
        assertThat(r.hasStates()).isFalse();
        assertThat(TrainedRange.of(run.resolve("absent")).maxRate()).isEmpty();

        Files.writeString(run.resolve("steps.csv"), HEADER + "0,0,1,12,3,0,0.4,0.2\n0,1,1,oops,3,0,0.4,0.2\n");
        assertThatThrownBy(() -> TrainedRange.of(run)).hasMessageEndingWith("steps.csv:3: arrival_rate 'oops' is not a number");
        Files.writeString(run.resolve("steps.csv"), HEADER + "0,0,1,12,3\n");
        assertThatThrownBy(() -> TrainedRange.of(run)).hasMessageEndingWith("steps.csv:2: 5 fields, expected at least 7");
    }

    @Test
    void everyObservedInputOutsideTheTrainedRangeFallsBack(@TempDir Path run) throws Exception {
        // trained on 20..80 req/s, 2..8 ready, 0..2 booting, utilization 0.25..1.5 (10 req/s per replica)
        Files.writeString(run.resolve("steps.csv"), HEADER + "0,0,1,20,8,0,0.25,0.2\n0,1,1,80,2,2,1.5,0.3\n");
        ServeConfig c = config(0);
        Decider d = new ServedPolicy(new Comparison.Entry("threshold",
                dev.scalewise.experiment.PolicyRegistry.defaults().factory("threshold")), c, TrainedRange.of(run)).decider();
        assertThat(d.decide(T, new LiveSample(0, 50, 5, 5, 0, null, null, null)).source()).isEqualTo(Decision.POLICY);
        // each input alone outside its range
        assertFallback(d.decide(T, new LiveSample(30, 90, 7, 7, 0, null, null, null)), "arrival_rate 90 outside the trained [20, 80]");
        assertFallback(d.decide(T, new LiveSample(60, 10, 5, 5, 0, null, null, null)), "arrival_rate 10 outside the trained [20, 80]");
        assertFallback(d.decide(T, new LiveSample(90, 30, 10, 10, 0, null, null, null)), "ready 10 outside the trained [2, 8]");
        assertFallback(d.decide(T, new LiveSample(120, 30, 4, 7, 0, null, null, null)), "booting 3 outside the trained [0, 2]");
        assertFallback(d.decide(T, new LiveSample(150, 70, 3, 3, 0, null, null, null)), "utilization 2.333 outside the trained [0.25, 1.5]");
        // a measured utilization is checked as read
        assertFallback(d.decide(T, new LiveSample(180, 50, 5, 5, 0, null, null, 0.1)), "utilization 0.1 outside the trained [0.25, 1.5]");
        assertThat(d.decide(T, new LiveSample(210, 50, 5, 5, 0, null, null, null)).source()).isEqualTo(Decision.POLICY);
    }

    private static void assertFallback(Decision d, String why) {
        assertThat(d.source()).as(d.reason()).isEqualTo(Decision.FALLBACK);
        assertThat(d.reason()).startsWith("fallback (" + why);
    }

    @Test
    void aTabularAgentFallsBackInStatesItNeverVisited(@TempDir Path run) throws Exception {
        ServeConfig c = config(0);
        EnvSpec spec = c.env().spec();
        ScaleFreeEncoder enc = ScaleFreeEncoder.defaults();
        ActionSet actions = new ActionSet(-1, 0, 1);
        LiveSample calm = new LiveSample(0, 50, 10, 10, 0, null, null, null);
        LiveSample hot = new LiveSample(30, 50, 4, 4, 0, null, null, null);
        int calmState = enc.encode(Decider.observation(0, calm, 50, spec.serviceRate(), spec.sloSeconds()), spec);
        int hotState = enc.encode(Decider.observation(1, hot, 50, spec.serviceRate(), spec.sloSeconds()), spec);
        assertThat(calmState).isNotEqualTo(hotState);
        // trained only in the calm state, where it learned to remove one replica
        QTable q = new QTable(enc.size(), actions.size());
        q.set(calmState, 0, -1.0);
        q.set(calmState, 1, -2.0);
        q.set(calmState, 2, -3.0);
        ModelFile.SavedModel model = new ModelFile.SavedModel("q-learning", actions, enc.definition(), List.of(q), Map.of());
        Files.write(run.resolve("model.qtable"), ModelFile.encode(model));
        TrainedRange r = TrainedRange.of(run);
        assertThat(r.hasStates()).isTrue();
        Decider d = new ServedPolicy(new Comparison.Entry("rl-q-learning", ctx -> model.policy()), c, r).decider();

        Decision known = d.decide(T, calm);
        assertThat(known.source()).as(known.reason()).isEqualTo(Decision.POLICY);
        assertThat(known.desired()).isEqualTo(9);
        Decision unknown = d.decide(T, hot);
        assertFallback(unknown, "state " + hotState + " (" + enc.describe(hotState) + ") never visited in training");
        // the fallback's own answer: 12.5 req/s per replica at 70%: ceil(4 x 1.25 / 0.7) = 8
        assertThat(unknown.desired()).isEqualTo(8);
        // without the model's states the greedy policy would have held (all-zero Q-values: its tie rule)
        GreedyPolicy bare = model.policy();
        bare.reset(spec);
        assertThat(bare.act(Decider.observation(1, hot, 50, spec.serviceRate(), spec.sloSeconds()))).isZero();
    }

    @Test
    void ratesAboveMaxRateAndStaleSamplesAndPolicyErrorsFallBackAndEveryChangeIsBounded() {
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

        Policy broken = new Recorder() {
            @Override
            public int act(Observation o) {
                throw new IllegalStateException("no table");
            }
        };
        Decision failed = new ServedPolicy(new Comparison.Entry("broken", ctx -> broken), c).decider()
                .decide(T, new LiveSample(0, 30, 4, 4, 0, null, null, null));
        assertFallback(failed, "policy broken failed: java.lang.IllegalStateException: no table");
    }

    /** A policy that records what it is shown, to check what a stateful policy sees around stale metrics. */
    private static class Recorder implements Policy {
        final List<Observation> seen = new ArrayList<>();
        int resets;

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public void reset(EnvSpec spec) {
            resets++;
        }

        @Override
        public int act(Observation o) {
            seen.add(o);
            return 0;
        }
    }

    @Test
    void staleSamplesAreNotShownToThePolicyAndALongGapResetsIt() {
        Recorder p = new Recorder();
        ServeConfig c = ServeConfig.defaults().withGuard(new ServeConfig.Guard(1, 20, 4, 90.0, 0.7, 50.0));
        Decider d = new ServedPolicy(new Comparison.Entry("recorder", ctx -> p), c).decider();
        assertThat(p.resets).isZero(); // built and reset at its first fresh sample (WarmUp)
        assertThat(d.decide(T, new LiveSample(0, 10, 2, 2, 0, null, null, null)).source()).isEqualTo(Decision.POLICY);
        assertThat(p.resets).isEqualTo(1);
        // stale replica readings: fallback, and the policy does not see the interval
        assertThat(d.decide(T, new LiveSample(30, 15, 2, 2, 120, null, null, null)).source()).isEqualTo(Decision.FALLBACK);
        assertThat(p.seen).hasSize(1);
        // fresh again 60 s after the last sample it saw: its history goes on (the rate before is the one it saw)
        d.decide(T, new LiveSample(60, 20, 2, 2, 0, null, null, null));
        assertThat(p.seen).hasSize(2);
        assertThat(p.seen.get(1).previousArrivalRate()).isEqualTo(10);
        assertThat(p.seen.get(1).step()).isEqualTo(1);
        // no metrics at all: hold, the policy sees nothing
        assertThat(d.failed(T, 90, "prometheus unreachable").source()).isEqualTo(Decision.HOLD);
        assertThat(p.seen).hasSize(2);
        // outside the range (maxRate 50): the policy is shown the sample (history continuous), the fallback decides
        Decision out = d.decide(T, new LiveSample(120, 60, 2, 2, 0, null, null, null));
        assertThat(out.source()).isEqualTo(Decision.FALLBACK);
        assertThat(p.seen).hasSize(3);
        assertThat(p.resets).isEqualTo(1);
        // 200 s with no fresh sample (> staleSeconds 90): its history is stale, it starts over as at an episode start
        Decision back = d.decide(T, new LiveSample(320, 30, 3, 3, 0, null, null, null));
        assertThat(back.source()).isEqualTo(Decision.POLICY);
        assertThat(back.reason()).contains("policy reset: last fresh sample 200 s ago > staleSeconds 90.0");
        assertThat(p.resets).isEqualTo(2);
        assertThat(p.seen).hasSize(4);
        assertThat(p.seen.get(3).step()).isZero();
        assertThat(p.seen.get(3).previousArrivalRate()).isEqualTo(30);
    }
}
