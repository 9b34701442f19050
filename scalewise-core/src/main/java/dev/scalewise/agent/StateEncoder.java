package dev.scalewise.agent;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepBuffer;

/**
 * Maps an observation to one of {@link #size()} discrete states. Stateless: the same observation always gives
 * the same state. Its {@link #definition()} (type and bin edges) is saved with every model, and
 * {@link StateEncoders#fromDefinition} rebuilds an identical encoder from it.
 */
public interface StateEncoder {

    /** The state of {@code o}, in {@code [0, size())}. */
    int encode(Observation o, EnvSpec spec);

    /**
     * The state of the observation after the step in {@code b} ({@link StepBuffer#observation()}): the same as
     * {@code encode(b.observation(), spec)}, which is what this default does; an encoder may read the buffer's fields
     * instead so that the training loop's step makes no observation record.
     */
    default int encodeNext(StepBuffer b, EnvSpec spec) {
        return encode(b.observation(), spec);
    }

    /** Number of states. */
    int size();

    /** Type and parameters (bin edges), enough to rebuild this encoder. */
    EncoderDefinition definition();

    /** A human-readable label of state {@code s}, e.g. {@code "instances=3 load=7"}. */
    String describe(int s);
}
