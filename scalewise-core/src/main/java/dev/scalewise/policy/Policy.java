package dev.scalewise.policy;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;

/** Decides how many instances to add or remove after each observation. */
public interface Policy {

    /** A short name for reports. */
    String name();

    /** Prepares for a new episode in an environment with this spec (clears any history). */
    void reset(EnvSpec spec);

    /** The change of instances to request (negative removes), given what was just observed. */
    int act(Observation observation);

    /**
     * A copy of this policy in its current state: from now on it decides exactly as this one would on the same
     * observations, and acting on either leaves the other unchanged; it is of the same kind (a
     * {@link dev.scalewise.explain.QValuePolicy}'s fork is one too). Null (the default) where the policy cannot be
     * copied; {@link dev.scalewise.explain.Explainer} then rebuilds a policy's state at a decision by replaying the
     * episode from its start, instead of replaying once and forking at each decision.
     */
    default Policy fork() {
        return null;
    }
}
