package dev.scalewise.policy;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;

/**
 * KEDA: its operator activates the workload 0 -&gt; 1 and deactivates it 1 -&gt; 0; an HPA scales 1 &lt;-&gt; N
 * (KEDA documentation, "Scaling Deployments": activation phase and scaling phase).
 *
 * <ul>
 *   <li>Every {@code pollingIntervalSeconds} the operator asks the scaler whether it is active (arrival rate above
 *   {@code activationThreshold}). Active at zero replicas: scale to {@code max(1, minReplicaCount)}. Inactive for
 *   {@code cooldownPeriodSeconds} since the last active poll: scale to {@code minReplicaCount}.</li>
 *   <li>While replicas are above zero, an {@link HpaPolicy} with KEDA's bounds syncs as usual (its own clock).</li>
 * </ul>
 * Scale to zero needs the cluster's {@code minInstances} at 0; otherwise the environment clamps the request and
 * reports it.
 */
public final class KedaPolicy implements Policy, ExplainablePolicy {
    private final KedaConfig config;
    private final HpaPolicy hpa;
    private double dt;
    private double nextPoll;
    private double lastActive;
    private String lastRule = "no decision yet";

    public KedaPolicy(KedaConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        HpaConfig h = config.hpa().withReplicaBounds(Math.max(1, config.minReplicaCount()), config.maxReplicaCount());
        this.hpa = new HpaPolicy(h, "keda-hpa");
    }

    public static KedaPolicy defaults() {
        return new KedaPolicy(KedaConfig.defaults());
    }

    @Override
    public String name() {
        return "keda";
    }

    @Override
    public void reset(EnvSpec spec) {
        hpa.reset(spec);
        dt = spec.stepSeconds();
        nextPoll = 0;
        lastActive = 0; // a new ScaledObject counts as just active
        lastRule = "no decision yet";
    }

    @Override
    public String lastRule() {
        return lastRule;
    }

    @Override
    public int act(Observation o) {
        double stepStart = o.step() * dt;
        double stepEnd = stepStart + dt;
        int current = o.instances();
        boolean active = o.arrivalRate() > config.activationThreshold() || o.backlog() > 0;
        Integer operatorTarget = null;
        while (nextPoll < stepEnd - 1e-9) {
            double now = Math.max(nextPoll, stepStart);
            if (active) {
                lastActive = now;
                if (current == 0) {
                    operatorTarget = Math.max(1, config.minReplicaCount());
                }
            } else if (current > config.minReplicaCount() && now - lastActive >= config.cooldownPeriodSeconds() - 1e-9) {
                operatorTarget = config.minReplicaCount();
            }
            nextPoll = now + config.pollingIntervalSeconds();
        }
        if (operatorTarget != null) {
            // The HPA still syncs on its own clock; with zero replicas it is disabled.
            hpa.act(o);
            lastRule = operatorTarget > current
                    ? String.format(java.util.Locale.ROOT, "activation: arrival rate %.3f above threshold %.3f at zero replicas",
                            o.arrivalRate(), config.activationThreshold())
                    : String.format(java.util.Locale.ROOT, "cooldown: inactive for %.0f s >= %.0f s, scale to %d",
                            stepEnd - lastActive, config.cooldownPeriodSeconds(), operatorTarget);
            return operatorTarget - current;
        }
        if (current == 0) {
            hpa.act(o);
            lastRule = "at zero replicas and inactive: hold";
            return 0;
        }
        int delta = hpa.act(o);
        lastRule = "hpa " + hpa.lastRule();
        return delta;
    }
}
