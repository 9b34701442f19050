package dev.scalewise.policy;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;

/**
 * The Kubernetes Horizontal Pod Autoscaler (autoscaling/v2) on CPU utilization, emulated by {@link HpaController}.
 *
 * <h2>Mapping to the environment</h2>
 * <ul>
 *   <li><b>Clock.</b> Step t covers {@code [t dt, (t+1) dt)}. Every sync whose time falls in that interval runs
 *   when the policy acts at the start of the step (with dt = 60 s and a 15 s sync period: four syncs per step;
 *   with dt &lt; 15 s, syncs skip steps). Stabilization windows and rate-policy periods are measured in seconds
 *   on that clock, so the Kubernetes defaults keep their meaning.</li>
 *   <li><b>Metric.</b> The last step's utilization of ready instances, capped at {@code metricCeiling} (CPU cannot
 *   exceed its limit), and at least the ceiling-capped 100% while a backlog exists (a busy server runs flat out).
 *   All syncs of one step see the same metric: the environment reports one value per step.</li>
 *   <li><b>Pods.</b> Ready instances report metrics. Booting instances are not ready: they count as unready (0% on
 *   scale-up, ignored on scale-down) when the boot delay is within the CPU initialization period, and as missing
 *   metrics otherwise. Replicas requested by an earlier sync of the same step are pending, hence unready.</li>
 * </ul>
 */
public final class HpaPolicy implements Policy, ExplainablePolicy {
    private final HpaConfig config;
    private final String name;
    private HpaController controller;
    private double dt;
    private double nextSync;
    private boolean bootWithinInit;
    private String lastRule = "no decision yet";

    public HpaPolicy(HpaConfig config) {
        this(config, "hpa");
    }

    /** @param name report name */
    public HpaPolicy(HpaConfig config, String name) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.name = name;
    }

    public static HpaPolicy defaults() {
        return new HpaPolicy(HpaConfig.defaults());
    }

    public HpaConfig config() {
        return config;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset(EnvSpec spec) {
        int min = Math.max(config.minReplicas(), spec.minInstances());
        int max = config.maxReplicas() > 0 ? Math.min(config.maxReplicas(), spec.maxInstances()) : spec.maxInstances();
        controller = new HpaController(config, min, Math.max(max, Math.max(1, min)));
        dt = spec.stepSeconds();
        nextSync = 0;
        bootWithinInit = spec.bootDelaySeconds() <= config.cpuInitializationSeconds();
        lastRule = "no decision yet";
    }

    @Override
    public String lastRule() {
        return lastRule;
    }

    /** The metric the HPA sees for an observation (see the class comment). */
    double metric(Observation o) {
        return CpuMetric.of(o, config.metricCeiling());
    }

    @Override
    public int act(Observation o) {
        double stepStart = o.step() * dt;
        double stepEnd = stepStart + dt;
        int current = o.instances();
        boolean synced = false;
        double metric = metric(o);
        StringBuilder rules = new StringBuilder();
        while (nextSync < stepEnd - 1e-9) {
            double now = Math.max(nextSync, stepStart);
            int ready = Math.min(o.ready(), current);
            int notReady = Math.max(0, current - ready);
            current = controller.sync(now, current, metric, ready, bootWithinInit ? notReady : 0,
                    bootWithinInit ? 0 : notReady);
            synced = true;
            nextSync = now + config.syncPeriodSeconds();
            rules.setLength(0);
            rules.append(controller.lastRule());
        }
        lastRule = synced ? "last sync: " + rules : "no sync in this step";
        return synced ? current - o.instances() : 0;
    }
}
