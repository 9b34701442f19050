package dev.scalewise.policy;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import java.util.List;

/**
 * The Kubernetes Horizontal Pod Autoscaler (autoscaling/v2) on CPU utilization, emulated by {@link HpaController}
 * on per-pod state.
 *
 * <h2>Mapping to the environment</h2>
 * <ul>
 *   <li><b>Clock.</b> Step t covers {@code [t dt, (t+1) dt)}. Every sync whose time falls in that interval runs
 *   when the policy acts at the start of the step (with dt = 60 s and a 15 s sync period: four syncs per step;
 *   with dt &lt; 15 s, syncs skip steps). Stabilization windows and rate-policy periods are measured in seconds
 *   on that clock, so the Kubernetes defaults keep their meaning.</li>
 *   <li><b>Pods.</b> The policy keeps one pod per instance: its launch time (the start of the step whose change
 *   launched it; instances present at reset were launched long ago) and, once the environment reports it ready,
 *   its readiness time ({@code launch + ceil(boot / dt) dt}). A booting instance is a {@code Pending} pod (node
 *   and container start-up), hence unready at any age; removals take the youngest first, as the cluster does.
 *   Pods requested by an earlier sync of the same step are Pending too.</li>
 *   <li><b>Samples.</b> metrics-server scrapes every {@code metricResolutionSeconds}; at a sync the HPA reads the
 *   newest scrape at least {@code metricDelaySeconds} old, whose window is the resolution. A pod has a sample
 *   once a full window has passed since it started serving (metrics-server needs two scrapes); before that it is
 *   "missing". The sample's value is the CPU of the environment step holding the window's middle (the last
 *   observed step when that step is not observed yet): the offered load per ready instance, at least 100% while
 *   a backlog exists, capped at {@code metricCeiling} ({@link CpuMetric}), times the 1000m request.</li>
 * </ul>
 */
public final class HpaPolicy implements Policy, ExplainablePolicy {
    private final HpaConfig config;
    private final String name;
    private HpaController controller;
    private double dt;
    private int bootSteps;
    private double nextSync;
    /** Launch times (s) of the instances, oldest first. */
    private final java.util.ArrayList<Double> launches = new java.util.ArrayList<>();
    /** CPU of observed steps: cpu[k - cpuFirstStep] for step k. */
    private final java.util.ArrayList<Double> cpu = new java.util.ArrayList<>();
    private int cpuFirstStep;
    private static final RuleText NO_SYNC = RuleText.of("no sync in this step");
    private RuleText lastRule = RuleText.of("no decision yet");

    /** Request of every pod, in millicores (utilization is usage / request, so any value works). */
    private static final long REQUEST_MILLI = 1000;

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
        bootSteps = spec.bootSteps();
        nextSync = 0;
        launches.clear();
        cpu.clear();
        cpuFirstStep = 0;
        lastRule = RuleText.of("no decision yet");
    }

    @Override
    public String lastRule() {
        return lastRule.toString();
    }

    /** The metric the HPA sees for an observation (see the class comment). */
    double metric(Observation o) {
        return CpuMetric.of(o, config.metricCeiling());
    }

    /** The pods as the controller sees them at {@code now}, with {@code readyCount} instances ready. */
    List<HpaReplicaCalculator.Pod> pods(double now, int readyCount, int lastObservedStep) {
        double res = config.metricResolutionSeconds();
        double ts = Math.floor((now - config.metricDelaySeconds()) / res) * res;
        List<HpaReplicaCalculator.Pod> pods = new java.util.ArrayList<>(launches.size());
        for (int i = 0; i < launches.size(); i++) {
            double launch = launches.get(i);
            if (i >= readyCount) {
                pods.add(HpaReplicaCalculator.Pod.pending(launch));
                continue;
            }
            double readyAt = Math.min(launch + bootSteps * dt, now);
            HpaReplicaCalculator.Sample sample = null;
            if (ts >= readyAt + res) {
                int k = (int) Math.floor((ts - res / 2) / dt);
                k = Math.max(cpuFirstStep, Math.min(lastObservedStep, k));
                sample = new HpaReplicaCalculator.Sample(Math.round(cpu.get(k - cpuFirstStep) * REQUEST_MILLI), ts, res);
            }
            pods.add(new HpaReplicaCalculator.Pod(HpaReplicaCalculator.PodPhase.RUNNING, false, launch,
                    HpaReplicaCalculator.ReadyCondition.TRUE, readyAt, REQUEST_MILLI, sample));
        }
        return pods;
    }

    @Override
    public int act(Observation o) {
        double stepStart = o.step() * dt;
        double stepEnd = stepStart + dt;
        boolean first = cpu.isEmpty();
        if (first) {
            cpuFirstStep = o.step() - 1;
        }
        cpu.add(metric(o));
        int lastObserved = cpuFirstStep + cpu.size() - 1;
        // The environment may have clamped the last change: the youngest instances are the ones that went.
        while (launches.size() > o.instances()) {
            launches.remove(launches.size() - 1);
        }
        while (launches.size() < o.instances()) {
            // Instances present at the first observation were launched long ago.
            launches.add(first ? Double.NEGATIVE_INFINITY : Math.max(stepStart - dt, 0));
        }
        boolean synced = false;
        RuleText rules = null;
        while (nextSync < stepEnd - 1e-9) {
            double now = Math.max(nextSync, stepStart);
            int current = launches.size();
            int ready = Math.min(o.ready(), current);
            HpaReplicaCalculator.MetricRecommendation rec = HpaReplicaCalculator.resourceReplicas(current, config.targetPercent(),
                    pods(now, ready, lastObserved), now, config.tolerances(), config.cpuInitializationSeconds(),
                    config.initialReadinessDelaySeconds());
            int desired = controller.sync(now, current, List.of(rec));
            while (launches.size() > desired) {
                launches.remove(launches.size() - 1);
            }
            while (launches.size() < desired) {
                launches.add(stepStart);
            }
            synced = true;
            nextSync = now + config.syncPeriodSeconds();
            rules = controller.lastRuleText();
        }
        // Only the last few steps' CPU can still be sampled.
        int keep = (int) Math.ceil((config.metricDelaySeconds() + config.metricResolutionSeconds()) / dt) + 2;
        while (cpu.size() > keep) {
            cpu.remove(0);
            cpuFirstStep++;
        }
        lastRule = synced ? RuleText.concat("last sync: ", rules) : NO_SYNC;
        return synced ? launches.size() - o.instances() : 0;
    }
}
