package dev.scalewise.serve;

import dev.scalewise.experiment.Comparison;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.policy.Policy;
import dev.scalewise.workload.Trace;

/**
 * A policy to serve, by the same names as {@code compare}: a registry name (any baseline, {@code mpc} when
 * registered) or a trained agent's entry ({@code compare --model}'s loader). The oracle is refused: it needs the
 * future.
 */
public final class ServedPolicy {
    private final Comparison.Entry entry;
    private final ServeConfig config;
    private final TrainedRange trained;

    public ServedPolicy(Comparison.Entry entry, ServeConfig config) {
        this(entry, config, TrainedRange.none());
    }

    /** @param trained what a trained agent saw (its run folder's {@link TrainedRange}); inputs outside it fall back */
    public ServedPolicy(Comparison.Entry entry, ServeConfig config, TrainedRange trained) {
        if (entry.name().equals("oracle")) {
            throw new IllegalArgumentException("--policy oracle needs the future arrivals; it cannot be served");
        }
        this.entry = entry;
        this.config = config;
        this.trained = trained;
    }

    /** A registry policy by name; fails with the known names. */
    public static ServedPolicy named(String name, ServeConfig config) {
        PolicyRegistry registry = PolicyRegistry.defaults();
        return new ServedPolicy(new Comparison.Entry(name, registry.factory(name)), config);
    }

    public String name() {
        return entry.name();
    }

    /** A fresh policy instance for one workload, with no history (see {@link #create(double[])}). */
    public Policy create() {
        return create(new double[0]);
    }

    /**
     * A fresh policy instance for one workload. Its context: the service's numbers, a one-step trace at the expected
     * peak (what static provisioning sizes for), no known future, and {@code history}: the rates observed before its
     * first decision, one per {@code stepSeconds}, oldest first ({@link WarmUp}), as {@code compare} gives a policy
     * the rates before the evaluated days.
     */
    public Policy create(double[] history) {
        ServeConfig.Service s = config.service();
        double peak = s.peakRate() > 0 ? s.peakRate() : config.guard().maxReplicas() * s.serviceRate() * 0.7;
        Trace trace = new Trace("live", s.stepSeconds(), new double[] {peak});
        return entry.factory().create(new PolicyRegistry.Context(trace, config.env(), new double[0], history, 0L));
    }

    /** A decider for one workload whose policy starts cold (no history: {@code shadow}, the tests). */
    public Decider decider() {
        return decider(WarmUp.none(config.service().stepSeconds()));
    }

    /** A decider for one workload whose policy is warmed with the history {@code warmUp} reads before a sample. */
    public Decider decider(WarmUp.Source warmUp) {
        return new Decider(name(), this::create, warmUp, config.env().spec(), config.guard(), trained);
    }
}
