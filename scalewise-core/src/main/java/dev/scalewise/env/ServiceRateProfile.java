package dev.scalewise.env;

import dev.scalewise.workload.Trace;

/**
 * The service rate of one ready instance in a given step of a trace. Constant for web traffic; token-aware
 * for LLM traces (the demand of a step follows the tokens of the requests arriving in it).
 */
@FunctionalInterface
public interface ServiceRateProfile {

    /** Requests/s one ready instance serves in step {@code step} of {@code trace}; {@code nominal} is the config's mu. */
    double serviceRate(Trace trace, int step, double nominal);

    /**
     * Token-aware service for LLM traces: one over the mean demand of the requests arriving in the step
     * ({@link dev.scalewise.workload.TokenServiceModel}); the nominal rate where the trace has no tokens.
     */
    static ServiceRateProfile tokens(dev.scalewise.workload.TokenServiceModel model) {
        return model::serviceRate;
    }

    /** Always the nominal rate. */
    static ServiceRateProfile constant() {
        return (trace, step, nominal) -> nominal;
    }
}
