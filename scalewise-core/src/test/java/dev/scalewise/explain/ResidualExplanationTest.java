package dev.scalewise.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.experiment.AgentRunLoader;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.Seeds;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.experiment.Trainer;
import dev.scalewise.experiment.WorkloadSpec;
import dev.scalewise.forecast.ForecastingPolicy;
import dev.scalewise.reference.ResidualAgent;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's agent explained: the residual tabular agent (hold plus margins over {@code mpc}'s forecast, a 10-step
 * scale-down stabilization window), trained at a tiny budget by the real pipeline ({@link ResidualAgent#tune},
 * {@link ResidualAgent#spec}, {@link Trainer#train}) and loaded as {@code compare} and the demo load it
 * ({@link AgentRunLoader}: the greedy policy behind a {@link ForecastingPolicy} with the refitted EWMA), then explained
 * on a held-out slice in a plain environment, as the demo does.
 */
class ResidualExplanationTest {
    private static final int DAY = 1440;
    private static Explainer explainer;
    private static Explainer.Episode episode;
    private static ActionSet actions;
    private static PolicyRegistry.Factory agent;
    private static AutoscaleEnv aenv;

    @BeforeAll
    static void trainAndPlay(@TempDir Path dir) throws Exception {
        Trace full = Scenarios.defaultWorkload(4 * DAY, 60, 20, 200, DAY, 0.2, 0.05, 0.9)
                .generate(Seeds.stream(42, "demo-trace"));
        int trainEnd = 3 * DAY;
        EnvConfig env = EnvConfig.defaults();
        double scale = 20 * env.serviceRate() * 0.7 / full.slice(0, trainEnd).peakRate();
        ResidualAgent.Base base = ResidualAgent.tune(full.slice(0, trainEnd).scaled(scale).rates(), env);
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("stepSeconds", 60.0);
        params.put("toStep", (double) trainEnd);
        params.put("scale", scale);
        params.put("windowSteps", (double) DAY);
        Scenarios.TraceResolver resolver = n -> Workload.fixed(full);
        TrainSpec spec = ResidualAgent.spec(new WorkloadSpec("trace", params, "synthetic"), env, 4, 42, base);
        actions = spec.actionSet();
        Trainer.train(spec, dir.resolve("run"), new Trainer.Options(null, false, resolver, 0));
        agent = new AgentRunLoader(resolver).load(dir.resolve("run")).orElseThrow();
        assertThat(agent.create(null)).isInstanceOf(ForecastingPolicy.class);
        Trace test = full.slice(trainEnd, trainEnd + 300).scaled(scale);
        aenv = new AutoscaleEnv(Scenarios.warmStart(env, test), Workload.fixed(test), spec.newReward());
        explainer = new Explainer(aenv, () -> agent.create(null), 15);
        episode = explainer.run(1);
    }

    @Test
    void everyMarginActionHasItsQValueAndTheChosenOneIsMarked() {
        List<String> keys = new ArrayList<>();
        for (int a = 0; a < actions.size(); a++) {
            keys.add(actions.isTarget(a) ? actions.label(a) : DecisionRecord.key(actions.delta(a)));
        }
        // hold plus one per margin of ResidualAgent.margins
        assertThat(keys).hasSize(1 + ResidualAgent.margins(0.2).size()).contains("0").anyMatch(k -> k.endsWith("(mpc)"));
        assertThat(episode.choices()).hasSize(episode.length());
        assertThat(episode.window()).isEqualTo(ResidualAgent.STABILIZATION_STEPS);
        for (int t : new int[] {0, 50, 170, 299}) {
            DecisionRecord r = explainer.explain(episode, t);
            assertThat(r.qValues().keySet()).containsExactlyElementsOf(keys);
            assertThat(r.chosen()).isEqualTo(episode.choices().get(t).key()).isIn(keys);
            double chosen = r.qValues().get(r.chosen());
            double bestOther = r.qValues().entrySet().stream().filter(e -> !e.getKey().equals(r.chosen()))
                    .mapToDouble(Map.Entry::getValue).max().orElseThrow();
            // the greedy action: the margin over the agent's other actions is never negative
            assertThat(r.margin()).isEqualTo(chosen - bestOther).isGreaterThanOrEqualTo(0.0);
            assertThat(r.state().label()).isNotBlank();
            assertThat(r.rule()).isNull();
            // the state is what the agent saw: the forecast of its own EWMA, not the plain environment's
            ForecastingPolicy f = (ForecastingPolicy) agent.create(null);
            f.reset(aenv.spec());
            double own = Double.NaN;
            for (int s = 0; s <= t; s++) {
                own = f.withForecast(episode.observations().get(s)).forecastRate();
            }
            assertThat(r.state().forecast()).isEqualTo(own);
            assertThat(r.narrative()).contains("with Q = ");
            ExplainerTest.assertNarrativeQuotesFields(r);
        }
    }

    /**
     * Where the window held a chosen scale-down back, the record names the chosen action and its delta, the delta
     * applied, and how long the lower target has lasted; the applied delta is the executor's rule recomputed from the
     * recorded choices (scale down only to the highest target of the last 10 steps).
     */
    @Test
    void aScaleDownHeldBackByStabilizationShowsChosenAndAppliedWithTheReason() {
        int window = episode.window();
        int held = 0;
        for (int t = 0; t < episode.length(); t++) {
            Explainer.Choice c = episode.choices().get(t);
            int n = episode.observations().get(t).instances();
            int highest = c.target();
            for (int s = Math.max(0, t - window + 1); s <= t; s++) {
                highest = Math.max(highest, episode.choices().get(s).target());
            }
            int applied = episode.steps().get(t).requestedDelta();
            assertThat(applied).as("step %d", t).isEqualTo(c.delta() >= 0 ? c.delta() : Math.min(n, highest) - n);
            DecisionRecord.HeldBack h = Explainer.heldBack(episode, t);
            assertThat(h == null).as("step %d", t).isEqualTo(applied == c.delta());
            if (h == null || held >= 3) {
                continue;
            }
            held++;
            DecisionRecord r = explainer.explain(episode, t);
            assertThat(r.chosenDelta()).isEqualTo(c.delta()).isNegative().isLessThan(r.action());
            assertThat(r.heldBack()).isEqualTo(h);
            assertThat(h.window()).isEqualTo(10);
            assertThat(h.steps()).isBetween(1, 9);
            assertThat(r.narrative()).contains("; applied: " + Narrative.format(r.action(), Narrative.Unit.DELTA, true)
                    + " (").contains("scale-down held back by stabilization, " + h.steps() + " of 10 steps");
            // the chosen scale-down, had the window not held it, is one of the alternatives priced
            assertThat(r.counterfactual(r.chosenDelta())).isNotNull();
            assertThat(r.counterfactual(r.action())).isNull();
            ExplainerTest.assertNarrativeQuotesFields(r);
        }
        assertThat(held).as("scale-downs held back on a falling day").isPositive();
    }

    /** The explanations document carries the chosen action and the reason; a baseline's has neither. */
    @Test
    void theJsonNamesChosenAndAppliedAndBaselinesAreUnchanged() throws Exception {
        int t = 0;
        while (Explainer.heldBack(episode, t) == null) {
            t++;
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(explainer.explain(episode, t));
        assertThat(json.path("chosen").isTextual()).isTrue();
        assertThat(json.path("chosen_delta").isInt()).isTrue();
        assertThat(json.path("held_back").path("window").asInt()).isEqualTo(10);
        assertThat(json.path("q_values").size()).isEqualTo(actions.size());
        Explainer b = new Explainer(new AutoscaleEnv(EnvConfig.defaults(), dev.scalewise.workload.Workloads.diurnal(
                60, 60, 100, 80, 120, 10), dev.scalewise.reward.CostSlaReward.defaults()), dev.scalewise.policy.HpaPolicy::defaults, 5);
        Explainer.Episode bep = b.run(1);
        assertThat(bep.choices()).isNull();
        var base = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(b.explain(bep, 10));
        assertThat(base.has("chosen") || base.has("chosen_delta") || base.has("held_back")).isFalse();
    }
}
