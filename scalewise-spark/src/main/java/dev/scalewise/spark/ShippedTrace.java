package dev.scalewise.spark;

import dev.scalewise.workload.Trace;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A trace loaded on the driver, in a form Spark can broadcast to executors: every field of {@link Trace}, so the
 * executor rebuilds exactly the trace the driver read (executors need no trace files).
 */
final class ShippedTrace implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final double stepSeconds;
    private final double[] rates;
    private final Instant start;
    private final double[] promptTokens;
    private final double[] outputTokens;
    private final int[] gapSteps;
    private final String[] gapReasons;

    ShippedTrace(Trace t) {
        name = t.name();
        stepSeconds = t.stepSeconds();
        rates = t.rates();
        start = t.start().orElse(null);
        promptTokens = t.tokens().map(Trace.TokenSeries::promptTokens).orElse(null);
        outputTokens = t.tokens().map(Trace.TokenSeries::outputTokens).orElse(null);
        gapSteps = new int[2 * t.gaps().size()];
        gapReasons = new String[t.gaps().size()];
        for (int i = 0; i < gapReasons.length; i++) {
            Trace.Gap g = t.gaps().get(i);
            gapSteps[2 * i] = g.fromStep();
            gapSteps[2 * i + 1] = g.toStep();
            gapReasons[i] = g.reason();
        }
    }

    Trace trace() {
        List<Trace.Gap> gaps = new ArrayList<>();
        for (int i = 0; i < gapReasons.length; i++) {
            gaps.add(new Trace.Gap(gapSteps[2 * i], gapSteps[2 * i + 1], gapReasons[i]));
        }
        Trace.TokenSeries tokens = promptTokens == null ? null : new Trace.TokenSeries(promptTokens, outputTokens);
        return new Trace(name, stepSeconds, rates, start, tokens, gaps);
    }
}
