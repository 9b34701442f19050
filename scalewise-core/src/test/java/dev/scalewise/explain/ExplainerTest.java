package dev.scalewise.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepInfo;
import dev.scalewise.env.StepResult;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.Trainer;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.policy.HpaPolicy;
import dev.scalewise.policy.Policy;
import dev.scalewise.policy.ThresholdPolicy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import dev.scalewise.workload.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ExplainerTest {

    private static AutoscaleEnv diurnalEnv(int steps) {
        Workload w = Workloads.diurnal(steps, 60, 100, 80, 120, 10);
        return new AutoscaleEnv(EnvConfig.defaults(), w, CostSlaReward.defaults());
    }

    /** The demo's kind of agent: a greedy policy with a scale-down window, wrapped with its EWMA forecast. */
    private static Policy demoLikeAgent() {
        return new dev.scalewise.forecast.ForecastingPolicy(dev.scalewise.agent.GreedyPolicyForkTest.windowed(4, 11),
                dev.scalewise.forecast.ForecastFeature.of(new dev.scalewise.forecast.EwmaForecaster(0.3)));
    }

    @Test
    void snapshotRun100StepsRestoreRunAgainIsIdentical() {
        AutoscaleEnv env = diurnalEnv(300);
        Observation obs = env.reset(11);
        Policy hpa = HpaPolicy.defaults();
        hpa.reset(env.spec());
        for (int i = 0; i < 40; i++) {
            obs = env.step(hpa.act(obs)).observation();
        }
        AutoscaleEnv.Snapshot snap = env.snapshot();
        List<StepResult> first = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            first.add(env.step((i * 7) % 5 - 2));
        }
        env.restore(snap);
        List<StepResult> second = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            second.add(env.step((i * 7) % 5 - 2));
        }
        // Every field, reward terms element-wise, bit for bit (Double.equals compares the bits).
        assertThat(second).usingRecursiveComparison().isEqualTo(first);
        assertThat(first.get(99).info().costUsd()).isPositive();
    }

    @Test
    void counterfactualOfTheActualActionReproducesTheRecordedTrajectory() {
        // HPA: stateful (stabilization window, rate-policy events), so this proves the replay of its state too.
        AutoscaleEnv env = diurnalEnv(240);
        Explainer ex = new Explainer(env, HpaPolicy::defaults, 30);
        Explainer.Episode ep = ex.run(5);
        assertThat(ep.steps().stream().filter(s -> s.appliedDelta() != 0).count()).isGreaterThan(5);
        for (int t : new int[] {0, 17, 63, 150, 225, 239}) {
            int actual = ep.steps().get(t).requestedDelta();
            List<StepInfo> again = ex.rollout(ep, t, actual);
            assertThat(again).usingRecursiveComparison()
                    .isEqualTo(ep.steps().subList(t, Math.min(ep.length(), t + 30)));
            Counterfactual same = ex.compare(ep, t, actual);
            assertThat(same.deltaCostUsd()).isZero();
            assertThat(same.deltaSlaViolations()).isZero();
            assertThat(same.deltaP95LatencyMs()).isZero();
            assertThat(same.deltaReward()).isZero();
        }
    }

    @Test
    void agentCounterfactualOfTheActualActionReproducesTheRecordedTrajectory() {
        TrainSpec spec = TrainSpec.defaults().withEpisodes(3);
        GreedyPolicy policy = Trainer.trainInMemory(spec, Scenarios.NO_TRACES).policy();
        AutoscaleEnv env = (AutoscaleEnv) Scenarios.environment(spec.scenario(), spec.newReward(), Scenarios.NO_TRACES);
        Explainer ex = new Explainer(env, () -> policy, 20);
        Explainer.Episode ep = ex.run(99);
        for (int t : new int[] {0, 400, 1000}) {
            assertThat(ex.rollout(ep, t, ep.steps().get(t).requestedDelta())).usingRecursiveComparison()
                    .isEqualTo(ep.steps().subList(t, t + 20));
        }
        DecisionRecord r = ex.explain(ep, 400);
        assertThat(r.qValues()).containsOnlyKeys("-1", "0", "1");
        assertThat(r.counterfactuals()).extracting(Counterfactual::action)
                .containsExactlyElementsOf(List.of(-1, 0, 1).stream().filter(a -> a != r.action()).toList());
        double chosen = r.qValues().get(DecisionRecord.key(r.action()));
        double bestOther = r.qValues().entrySet().stream().filter(e -> !e.getKey().equals(DecisionRecord.key(r.action())))
                .mapToDouble(e -> e.getValue()).max().orElseThrow();
        assertThat(r.margin()).isEqualTo(chosen - bestOther);
        assertThat(r.rule()).isNull();
        assertThat(r.state().label()).isNotBlank();
        assertNarrativeQuotesFields(r);
    }

    @Test
    void everyNumberInANarrativeEqualsItsRecordField() {
        AutoscaleEnv env = diurnalEnv(200);
        Explainer ex = new Explainer(env, HpaPolicy::defaults, 15);
        Explainer.Episode ep = ex.run(3);
        List<DecisionRecord> top = ex.top(ep, 5);
        assertThat(top).hasSize(5);
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i).consequence()).isLessThanOrEqualTo(top.get(i - 1).consequence());
        }
        for (DecisionRecord r : top) {
            for (Counterfactual c : r.counterfactuals()) {
                // the trajectory drawn by the dashboard: the alternative's ready instances, one per rollout step
                assertThat(c.ready()).hasSize(c.steps());
                assertThat(c.ready()).containsExactlyElementsOf(ex.rollout(ep, r.step(), c.action()).stream()
                        .map(dev.scalewise.env.StepInfo::ready).toList());
            }
            assertThat(r.rule()).startsWith("last sync: ratio");
            assertNarrativeQuotesFields(r);
        }
        java.util.Map<String, Object> timeline = Explainer.timeline(ep);
        assertThat((int[]) timeline.get("ready")).hasSize(ep.length());
        assertThat(((int[]) timeline.get("action"))[top.get(0).step()]).isEqualTo(top.get(0).action());
        assertThat(((double[]) timeline.get("arrival_rate"))[7]).isEqualTo(ep.steps().get(7).arrivalRate());
        Explainer th = new Explainer(env, () -> new ThresholdPolicy(0.8, 0.4, 1, 300), 15);
        Explainer.Episode tep = th.run(3);
        for (DecisionRecord r : th.explain(tep, List.of(0, 10, 50, 120))) {
            assertNarrativeQuotesFields(r);
        }
    }

    /**
     * top(k) narrates only the records it keeps and reuses one window of the recorded steps for every alternative:
     * its records are those of explaining every step one by one (narrative included), sorted by consequence, and
     * each counterfactual is {@code compare}'s. Baseline and agent (with a scale-down window and a forecast).
     */
    @Test
    void topIsTheMostConsequentialOfEveryStepExplainedOnItsOwn() {
        AutoscaleEnv env = diurnalEnv(150);
        java.util.function.Supplier<Policy> agent = ExplainerTest::demoLikeAgent;
        for (java.util.function.Supplier<Policy> policies : List.<java.util.function.Supplier<Policy>>of(
                HpaPolicy::defaults, agent)) {
            Explainer ex = new Explainer(env, policies, 12);
            Explainer.Episode ep = ex.run(9);
            List<DecisionRecord> top = ex.top(ep, 6);
            List<DecisionRecord> each = new ArrayList<>();
            Explainer one = new Explainer(env, policies, 12);
            for (int t = 0; t < ep.length(); t++) {
                each.add(one.explain(ep, t));
            }
            each.sort(java.util.Comparator.comparingDouble(DecisionRecord::consequence).reversed()
                    .thenComparingInt(DecisionRecord::step));
            assertThat(top).isEqualTo(each.subList(0, 6));
            for (DecisionRecord r : top) {
                assertThat(r.narrative()).isNotBlank();
                for (Counterfactual c : r.counterfactuals()) {
                    assertThat(one.compare(ep, r.step(), c.action())).isEqualTo(c);
                }
            }
            // the episode's last steps: windows shorter than the horizon
            DecisionRecord last = one.explain(ep, ep.length() - 1);
            assertThat(last.counterfactuals()).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.steps()).isEqualTo(1));
        }
    }

    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])[-+]?\\d+(?:\\.\\d+)?");

    /** Each number in the narrative (outside the verbatim rule) is a quote, and each quote prints its record field. */
    static void assertNarrativeQuotesFields(DecisionRecord r) {
        Narrative.Text text = Narrative.compose(r);
        assertThat(r.narrative()).isEqualTo(text.text());
        String scanned = r.rule() == null ? text.text() : text.text().replace(r.rule(), "");
        if (r.chosen() != null) {
            // an agent's target action is named verbatim, in quotes (its label may hold digits: "beta=0.53")
            scanned = scanned.replace("\"" + r.chosen() + "\"", "");
        }
        List<String> printed = new ArrayList<>();
        Matcher m = NUMBER.matcher(scanned);
        while (m.find()) {
            printed.add(m.group());
        }
        List<String> quoted = new ArrayList<>();
        for (Narrative.Quote q : text.quotes()) {
            Matcher qm = NUMBER.matcher(q.text());
            assertThat(qm.find()).as(q.text()).isTrue();
            quoted.add(qm.group());
        }
        assertThat(printed).containsExactlyElementsOf(quoted);
        JsonNode json = new ObjectMapper().valueToTree(r);
        for (Narrative.Quote q : text.quotes()) {
            JsonNode field = json.at(q.pointer());
            assertThat(field.isNumber()).as(q.pointer()).isTrue();
            assertThat(q.text()).as(q.pointer()).isEqualTo(Narrative.format(field.asDouble(), q.unit(), q.signed()));
        }
        assertThat(text.quotes()).isNotEmpty();
    }

    /**
     * A spike while utilization is already high: 80 req/s on 5 instances of 20 req/s (utilization 0.8), then
     * 112 req/s (the 5 instances are overloaded), no Poisson noise, 60 s boot. The threshold rule scales up as soon
     * as it sees the spike; holding instead would have violated the SLA in more steps.
     */
    @Test
    void holdingInsteadOfScalingUpIntoASpikeWouldHaveViolatedTheSla() {
        double[] rates = new double[60];
        for (int t = 0; t < rates.length; t++) {
            rates[t] = t >= 10 && t < 40 ? 112 : 80;
        }
        EnvConfig cfg = EnvConfig.defaults().withPoissonArrivals(false)
                .withCluster(ClusterConfig.defaults().withBootDelaySeconds(60).withBounds(1, 20, 5));
        AutoscaleEnv env = new AutoscaleEnv(cfg, Workload.fixed(new Trace("spike", 60, rates)), CostSlaReward.defaults());
        Explainer ex = new Explainer(env, () -> new ThresholdPolicy(0.85, 0.3, 1, 0), 10);
        Explainer.Episode ep = ex.run(1);
        int first = -1;
        for (int t = 0; t < ep.length(); t++) {
            if (ep.steps().get(t).requestedDelta() > 0) {
                first = t;
                break;
            }
        }
        assertThat(first).as("first scale-up").isEqualTo(11);
        assertThat(ep.observations().get(first).utilization()).isGreaterThan(1.0);
        DecisionRecord r = ex.explain(ep, first);
        assertThat(r.action()).isEqualTo(1);
        assertThat(r.rule()).startsWith("utilization").contains("above upper threshold");
        Counterfactual hold = r.counterfactual(0);
        assertThat(hold.deltaSlaViolations()).isPositive();
        assertThat(hold.deltaP95LatencyMs()).isPositive();
        assertThat(hold.deltaCostUsd()).isNegative();
        assertThat(r.narrative()).contains("Holding would have violated the SLA in "
                + hold.deltaSlaViolations() + " more steps.");
        assertNarrativeQuotesFields(r);
    }

    /**
     * The demo's kind of agent (a greedy policy with a scale-down window, wrapped with its EWMA forecast) can be
     * forked, so the explainer replays it once per episode; its explanations are exactly those of the replay from
     * step 0 for every rollout (the same policy behind a wrapper that cannot be forked).
     */
    @Test
    void forkingAndReplayingFromTheStartExplainAlike() {
        AutoscaleEnv env = diurnalEnv(240);
        java.util.function.Supplier<Policy> forkable = ExplainerTest::demoLikeAgent;
        java.util.concurrent.atomic.AtomicInteger replayed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<Policy> replayOnly = () -> {
            replayed.incrementAndGet();
            Policy inner = forkable.get();
            return new Policy() {
                public String name() {
                    return inner.name();
                }

                public void reset(dev.scalewise.env.EnvSpec spec) {
                    inner.reset(spec);
                }

                public int act(Observation o) {
                    return inner.act(o);
                }
            };
        };
        assertThat(forkable.get().fork()).isNotNull();
        Explainer fast = new Explainer(env, forkable, 20);
        Explainer slow = new Explainer(env, replayOnly, 20);
        Explainer.Episode ep = fast.run(4);
        assertThat(slow.run(4).steps()).usingRecursiveComparison().isEqualTo(ep.steps());
        // the wrapper hides the agent from the explainer (a baseline to it): compare the rollouts
        List<DecisionRecord> top = fast.top(ep, 8);
        replayed.set(0);
        int rollouts = 0;
        for (DecisionRecord r : top) {
            assertThat(r.chosen()).isNotNull();
            for (Counterfactual c : r.counterfactuals()) {
                assertThat(slow.compare(ep, r.step(), c.action())).isEqualTo(c);
                rollouts++;
            }
        }
        // a fresh policy replayed from step 0 per rollout: the replays the fork saves
        assertThat(replayed.get()).isEqualTo(rollouts);
        assertThat(top.get(0).consequence()).isPositive();
        // out of order: an earlier step starts the cursor again, and explains as a fresh explainer does
        List<Integer> steps = List.of(120, 7, 230, 7, 0);
        List<DecisionRecord> outOfOrder = fast.explain(ep, steps);
        for (int i = 0; i < steps.size(); i++) {
            assertThat(outOfOrder.get(i)).isEqualTo(new Explainer(env, forkable, 20).explain(ep, steps.get(i)));
        }
        for (int t : new int[] {0, 33, 199}) {
            assertThat(fast.rollout(ep, t, ep.steps().get(t).requestedDelta())).usingRecursiveComparison()
                    .isEqualTo(ep.steps().subList(t, t + 20));
        }
    }
}
