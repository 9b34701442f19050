package dev.scalewise.experiment;

import dev.scalewise.env.Environment;
import dev.scalewise.env.FastStepping;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepBuffer;
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
        if (env instanceof FastStepping fast) {
            // stepInto + the buffer's records is FastStepping.step, whose result never terminates: the same episode
            // without the info and result records when nobody listens
            StepBuffer b = fast.newBuffer();
            while (true) {
                fast.stepInto(policy.act(obs), b);
                kpis.add(b);
                if (listener != null) {
                    listener.accept(b.info());
                }
                obs = b.observation();
                if (b.truncated) {
                    return kpis.kpis();
                }
            }
        }
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
