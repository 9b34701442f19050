package dev.scalewise.env;

import dev.scalewise.cluster.ClusterConfig;

/**
 * Configuration of {@link AutoscaleEnv}.
 *
 * @param stepSeconds      control interval dt, &gt; 0 (default 60)
 * @param serviceRate      requests/s one ready instance serves (mu), &gt; 0 (default 20: 50 ms mean service)
 * @param queueLimit       waiting room of the whole service in requests (Q), &gt;= 0 or infinite (default 5,000)
 * @param sloSeconds       p95 response-time objective, &gt; 0 (default 0.25)
 * @param cluster          bounds, boot delay, price
 * @param poissonArrivals  draw each step's arrivals from a Poisson distribution around the trace's rate
 * @param maxEpisodeSteps  time limit in steps; 0 for the whole trace
 * @param physics          the queueing physics of a step (default {@link Physics#FAST}; null means that)
 */
public record EnvConfig(double stepSeconds, double serviceRate, double queueLimit, double sloSeconds,
                        ClusterConfig cluster, boolean poissonArrivals, int maxEpisodeSteps, Physics physics) {

    /** A configuration with the default {@link Physics#FAST} physics. */
    public EnvConfig(double stepSeconds, double serviceRate, double queueLimit, double sloSeconds,
                     ClusterConfig cluster, boolean poissonArrivals, int maxEpisodeSteps) {
        this(stepSeconds, serviceRate, queueLimit, sloSeconds, cluster, poissonArrivals, maxEpisodeSteps, Physics.FAST);
    }

    public static EnvConfig defaults() {
        return new EnvConfig(60, 20, 5000, 0.25, ClusterConfig.defaults(), true, 0, Physics.FAST);
    }

    public EnvConfig {
        if (!(stepSeconds > 0) || !Double.isFinite(stepSeconds)) {
            throw new IllegalArgumentException("env.stepSeconds must be a positive finite number, got " + stepSeconds);
        }
        if (!(serviceRate > 0) || !Double.isFinite(serviceRate)) {
            throw new IllegalArgumentException("env.serviceRate must be a positive finite number, got " + serviceRate);
        }
        if (!(queueLimit >= 0)) {
            throw new IllegalArgumentException("env.queueLimit must be >= 0 (or infinite), got " + queueLimit);
        }
        if (!(sloSeconds > 0) || !Double.isFinite(sloSeconds)) {
            throw new IllegalArgumentException("env.sloSeconds must be a positive finite number, got " + sloSeconds);
        }
        if (cluster == null) {
            throw new IllegalArgumentException("env.cluster must be given");
        }
        if (maxEpisodeSteps < 0) {
            throw new IllegalArgumentException("env.maxEpisodeSteps must be >= 0, got " + maxEpisodeSteps);
        }
        if (physics == null) {
            physics = Physics.FAST;
        }
    }

    public EnvConfig withCluster(ClusterConfig c) {
        return new EnvConfig(stepSeconds, serviceRate, queueLimit, sloSeconds, c, poissonArrivals, maxEpisodeSteps,
                physics);
    }

    public EnvConfig withStepSeconds(double s) {
        return new EnvConfig(s, serviceRate, queueLimit, sloSeconds, cluster, poissonArrivals, maxEpisodeSteps,
                physics);
    }

    public EnvConfig withServiceRate(double mu) {
        return new EnvConfig(stepSeconds, mu, queueLimit, sloSeconds, cluster, poissonArrivals, maxEpisodeSteps,
                physics);
    }

    public EnvConfig withQueueLimit(double q) {
        return new EnvConfig(stepSeconds, serviceRate, q, sloSeconds, cluster, poissonArrivals, maxEpisodeSteps,
                physics);
    }

    public EnvConfig withSloSeconds(double s) {
        return new EnvConfig(stepSeconds, serviceRate, queueLimit, s, cluster, poissonArrivals, maxEpisodeSteps,
                physics);
    }

    public EnvConfig withPoissonArrivals(boolean p) {
        return new EnvConfig(stepSeconds, serviceRate, queueLimit, sloSeconds, cluster, p, maxEpisodeSteps,
                physics);
    }

    public EnvConfig withMaxEpisodeSteps(int n) {
        return new EnvConfig(stepSeconds, serviceRate, queueLimit, sloSeconds, cluster, poissonArrivals, n, physics);
    }

    public EnvConfig withPhysics(Physics p) {
        return new EnvConfig(stepSeconds, serviceRate, queueLimit, sloSeconds, cluster, poissonArrivals, maxEpisodeSteps,
                p);
    }

    /** What policies may know. */
    public EnvSpec spec() {
        return new EnvSpec(stepSeconds, serviceRate, sloSeconds, cluster.minInstances(), cluster.maxInstances(),
                cluster.bootDelaySeconds(), cluster.pricePerHour());
    }
}
