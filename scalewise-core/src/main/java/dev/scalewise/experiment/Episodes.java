package dev.scalewise.experiment;

import dev.scalewise.env.Environment;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepInfo;
import dev.scalewise.env.StepResult;
import dev.scalewise.metrics.KpiAccumulator;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.policy.Policy;
import java.util.function.Consumer;

/** The evaluation loop: one policy, one episode, every step reported to a listener. */
public final class Episodes {
    private Episodes() {
    }

    /**
     * Runs {@code policy} on {@code env} for one episode started with {@code seed}.
     *
     * @param listener receives every step's info (may be null)
     * @return the episode's indicators
     */
    public static Kpis run(Environment env, Policy policy, long seed, Consumer<StepInfo> listener) {
        Observation obs = env.reset(seed);
        policy.reset(env.spec());
        KpiAccumulator kpis = new KpiAccumulator(env.spec().stepSeconds());
        while (true) {
            StepResult r = env.step(policy.act(obs));
            kpis.add(r.info());
            if (listener != null) {
                listener.accept(r.info());
            }
            obs = r.observation();
            if (r.done()) {
                return kpis.kpis();
            }
        }
    }
}
