package dev.scalewise.workload;

/**
 * Token-aware service demand for LLM inference traces (PHYSICS.md, "Token-aware service"): one request keeps an
 * instance busy for {@code prefillSecondsPerToken * promptTokens + decodeSecondsPerToken * outputTokens} seconds,
 * and the service rate {@code mu} of a step is the inverse of the mean demand of the requests arriving in it.
 *
 * <p><b>Default constants ({@link #DEFAULT}) and where they come from.</b> They are stated assumptions for one
 * instance = one NVIDIA A100 80 GB serving a 7B-parameter model in 16-bit precision with continuous batching, derived
 * with a roofline estimate rather than measured here:
 * <ul>
 *   <li>Prefill is compute-bound: a forward pass costs about {@code 2 N} FLOPs per token (Kaplan et al., "Scaling Laws
 *       for Neural Language Models", 2020), i.e. 1.4e10 FLOPs for N = 7e9. The A100 delivers 312 TFLOP/s dense BF16
 *       (NVIDIA A100 datasheet); at about 45% utilisation that is 1.4e14 FLOP/s, so about 10,000 prompt tokens/s:
 *       <b>prefill = 1.0e-4 s per prompt token</b>.</li>
 *   <li>Decode is memory-bound: each iteration reads the 14 GB of weights at 2.0 TB/s (A100 80 GB HBM2e, datasheet),
 *       about 7 ms, plus KV-cache reads; with continuous batching (Yu et al., Orca, OSDI 2022; Kwon et al., vLLM,
 *       SOSP 2023) a batch of about 16 sequences shares each iteration, so one output token costs about
 *       8 ms / 16: <b>decode = 5.0e-4 s per output token</b> (2,000 output tokens/s per instance).</li>
 * </ul>
 * With these constants a mean Azure conversation request (1,155 prompt, 211 output tokens) takes 0.22 s, so
 * {@code mu} is about 4.5 requests/s per instance; a mean Mooncake request (12,035 / 343) takes 1.37 s
 * ({@code mu} about 0.73/s). Change them for another model or accelerator; they are configuration, not physics.
 *
 * @param prefillSecondsPerToken instance-seconds per prompt (input) token, &gt;= 0
 * @param decodeSecondsPerToken  instance-seconds per output (generated) token, &gt;= 0
 */
public record TokenServiceModel(double prefillSecondsPerToken, double decodeSecondsPerToken) {

    /** 7B model on one A100 80 GB, see the class documentation. */
    public static final TokenServiceModel DEFAULT = new TokenServiceModel(1.0e-4, 5.0e-4);

    public TokenServiceModel {
        if (!(prefillSecondsPerToken >= 0) || !Double.isFinite(prefillSecondsPerToken)) {
            throw new IllegalArgumentException("prefillSecondsPerToken must be a finite number >= 0, got " + prefillSecondsPerToken);
        }
        if (!(decodeSecondsPerToken >= 0) || !Double.isFinite(decodeSecondsPerToken)) {
            throw new IllegalArgumentException("decodeSecondsPerToken must be a finite number >= 0, got " + decodeSecondsPerToken);
        }
        if (prefillSecondsPerToken == 0 && decodeSecondsPerToken == 0) {
            throw new IllegalArgumentException("prefillSecondsPerToken and decodeSecondsPerToken must not both be 0");
        }
    }

    /** Instance-seconds one request with these tokens needs. */
    public double demandSeconds(double promptTokens, double outputTokens) {
        return prefillSecondsPerToken * promptTokens + decodeSecondsPerToken * outputTokens;
    }

    /** Instance-seconds of work arriving in step {@code step} (0 when the trace has no tokens). */
    public double workSeconds(Trace trace, int step) {
        return trace.tokens()
                .map(t -> demandSeconds(t.promptTokens()[step], t.outputTokens()[step]))
                .orElse(0.0);
    }

    /**
     * Service rate of one instance (requests/s) for the requests arriving in step {@code step}: one over their mean
     * demand. {@code fallbackMu} when the trace has no tokens, the step has no requests, or their demand is zero.
     */
    public double serviceRate(Trace trace, int step, double fallbackMu) {
        if (trace.tokens().isEmpty()) {
            return fallbackMu;
        }
        double requests = trace.count(step);
        double work = workSeconds(trace, step);
        return requests > 0 && work > 0 ? requests / work : fallbackMu;
    }

    /** {@link #serviceRate} of every step. */
    public double[] serviceRates(Trace trace, double fallbackMu) {
        double[] mu = new double[trace.length()];
        for (int i = 0; i < mu.length; i++) {
            mu[i] = serviceRate(trace, i, fallbackMu);
        }
        return mu;
    }

    /** Service rate over the whole trace (all requests / all work), or {@code fallbackMu} without tokens. */
    public double meanServiceRate(Trace trace, double fallbackMu) {
        if (trace.tokens().isEmpty()) {
            return fallbackMu;
        }
        double work = 0;
        for (int i = 0; i < trace.length(); i++) {
            work += workSeconds(trace, i);
        }
        return work > 0 ? trace.totalRequests() / work : fallbackMu;
    }
}
