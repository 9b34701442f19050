package dev.scalewise.serve;

import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepResult;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.policy.Policy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For the same sequence of observations, the scaler's decision path (live sample -> observation -> policy -> guard
 * rails) and the simulator's episode take identical decisions.
 */
class ReplayTest {

    @ParameterizedTest
    @ValueSource(strings = {"hpa", "keda", "threshold", "aws-target-tracking", "aws-step", "static"})
    void serveDecidesAsTheSimulatorDid(String name) {
        double[] rates = new double[240];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = 40 + 30 * Math.sin(i / 15.0) + (i >= 100 && i < 130 ? 120 : 0);
        }
        Trace trace = new Trace("replay", 60, rates);
        EnvConfig env = EnvConfig.defaults().withPoissonArrivals(false);
        PolicyRegistry registry = PolicyRegistry.defaults();
        PolicyRegistry.Context ctx = new PolicyRegistry.Context(trace, env, rates, new double[0], 7L);
        AutoscaleEnv sim = new AutoscaleEnv(env, Workload.fixed(trace), CostSlaReward.defaults());
        Policy simPolicy = registry.create(name, ctx);
        simPolicy.reset(env.spec());
        int min = env.cluster().minInstances();
        int max = env.cluster().maxInstances();
        Decider serve = new Decider(name, registry.create(name, ctx), env.spec(),
                new ServeConfig.Guard(min, max, 10_000, 1e9, 0.7, 0.0));
        ScaledTarget target = new ScaledTarget("sim", "replay", Map.of());
        Observation obs = sim.reset(7L);
        int changes = 0;
        for (int t = 0; t < rates.length; t++) {
            int action = simPolicy.act(obs);
            LiveSample live = new LiveSample(t * env.stepSeconds(), obs.arrivalRate(), obs.ready(), obs.instances(), 0,
                    obs.p95Seconds(), obs.backlog(), obs.utilization());
            Decision d = serve.decide(target, live);
            assertThat(d.source()).as("step %d", t).isEqualTo(Decision.POLICY);
            assertThat(d.proposed() - d.current()).as("%s at step %d: %s", name, t, d.reason()).isEqualTo(action);
            assertThat(d.desired()).isEqualTo(Math.max(min, Math.min(max, obs.instances() + action)));
            changes += action != 0 ? 1 : 0;
            StepResult r = sim.step(action);
            if (r.terminated() || r.truncated()) {
                break;
            }
            obs = r.observation();
        }
        if (!name.equals("static")) {
            assertThat(changes).as("%s never scaled: the replay proves nothing", name).isPositive();
        }
    }
}
