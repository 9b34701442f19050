package dev.scalewise.agent;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;

/**
 * Maps an observation to one of {@link #size()} discrete states. Stateless: the same observation always gives
 * the same state. Its {@link #definition()} (type and bin edges) is saved with every model, and
 * {@link StateEncoders#fromDefinition} rebuilds an identical encoder from it.
 */
public interface StateEncoder {

    /** The state of {@code o}, in {@code [0, size())}. */
    int encode(Observation o, EnvSpec spec);

    /** Number of states. */
    int size();

    /** Type and parameters (bin edges), enough to rebuild this encoder. */
    EncoderDefinition definition();

    /** A human-readable label of state {@code s}, e.g. {@code "instances=3 load=7"}. */
    String describe(int s);
}
