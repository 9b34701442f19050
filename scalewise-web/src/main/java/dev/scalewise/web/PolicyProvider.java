package dev.scalewise.web;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.policy.Policy;
import dev.scalewise.workload.Trace;
import java.util.List;

/**
 * The policies the live view can run, by name. {@link BuiltinPolicies} offers the two baselines the core has today;
 * the baselines registry and trained agents plug in by implementing this (or wrapping their registry), e.g.
 * {@code PolicyProvider.chain(BuiltinPolicies.INSTANCE, registryAdapter)}.
 */
public interface PolicyProvider {

    /**
     * What a factory may use to build a policy for one live world.
     *
     * @param trace the trace every world replays (already resampled to the control step)
     * @param env   the environment's configuration
     * @param seed  the episode's seed (identical for every world)
     */
    record Context(Trace trace, EnvConfig env, long seed) {
    }

    /**
     * A policy that can be chosen.
     *
     * @param name        the name to request it by
     * @param description one line for the picker
     * @param kind        {@code static}, {@code baseline} or {@code agent}
     */
    record Choice(String name, String description, String kind) {
    }

    /** The policies offered, in display order. */
    List<Choice> choices();

    /** A fresh policy for one world; throws {@link IllegalArgumentException} naming the known policies when unknown. */
    Policy create(String name, Context context);

    /** Whether {@code name} is offered. */
    default boolean contains(String name) {
        return choices().stream().anyMatch(c -> c.name().equals(name));
    }

    /** The first provider that offers a name wins; choices are listed in order without duplicates. */
    static PolicyProvider chain(PolicyProvider... providers) {
        List<PolicyProvider> list = List.of(providers);
        return new PolicyProvider() {
            @Override
            public List<Choice> choices() {
                java.util.LinkedHashMap<String, Choice> all = new java.util.LinkedHashMap<>();
                for (PolicyProvider p : list) {
                    for (Choice c : p.choices()) {
                        all.putIfAbsent(c.name(), c);
                    }
                }
                return List.copyOf(all.values());
            }

            @Override
            public Policy create(String name, Context context) {
                for (PolicyProvider p : list) {
                    if (p.contains(name)) {
                        return p.create(name, context);
                    }
                }
                throw new IllegalArgumentException("unknown policy '" + name + "'; known: "
                        + String.join(", ", choices().stream().map(Choice::name).toList()));
            }
        };
    }
}
