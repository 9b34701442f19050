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
}
