package dev.scalewise.web;

import dev.scalewise.policy.Policy;
import dev.scalewise.policy.StaticPolicy;
import dev.scalewise.policy.ThresholdPolicy;
import java.util.List;

/**
 * The policies available in the core without the baselines registry: static peak provisioning
 * ({@code ceil(peak / (mu x 0.7))}, at least one instance) and the utilization threshold rule.
 */
public final class BuiltinPolicies implements PolicyProvider {
    /** The shared instance. */
    public static final BuiltinPolicies INSTANCE = new BuiltinPolicies();

    private static final List<Choice> CHOICES = List.of(
            new Choice("static", "static peak provisioning: ceil(peak / (mu x 0.7)) instances, held", "static"),
            new Choice("threshold", "+1 above 80% utilization, -1 below 40%, 300 s cooldown", "baseline"));

    private BuiltinPolicies() {
    }

    @Override
    public List<Choice> choices() {
        return CHOICES;
    }

    @Override
    public Policy create(String name, Context c) {
        return switch (name) {
            case "static" -> StaticPolicy.forPeak(c.trace().peakRate(), c.env().serviceRate(), 0.7,
                    Math.max(1, c.env().cluster().minInstances()));
            case "threshold" -> ThresholdPolicy.defaults();
            default -> throw new IllegalArgumentException("unknown policy '" + name + "'; known: static, threshold");
        };
    }
}
