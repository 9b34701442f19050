package dev.scalewise.forecast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's {@code forecasts.json} (its Forecasts view; format in {@code docs/dashboard.md}): the actual values
 * at the evaluated targets of a rolling-origin evaluation and each model's forecast {@code horizon} steps ahead for
 * the same targets, with the pooled error metrics. Written by {@code forecast --out} and by {@code demo} (which
 * forecasts its held-out days with {@link #evaluateHeldOut}).
 */
public final class ForecastsDocument {
    /** Most points of the actual-vs-forecast series written. */
    public static final int POINTS = 2000;
    /** The forecasters the demo evaluates: the classical ones of the core that fit in well under a second. */
    public static final List<String> DEMO_MODELS = List.of("seasonal-naive", "naive", "ewma", "holt");

    private ForecastsDocument() {
    }

    /**
     * The document of one trace's evaluation.
     *
     * @param trace        the trace's name
     * @param stepSeconds  seconds per step of {@code series}
     * @param horizon      the evaluation horizon in steps (the lead plotted)
     * @param series       the evaluated series
     * @param results      one per model, all from the same evaluator and split
     * @param withFitTimes whether {@code fit_seconds} (wall time, so not reproducible) is included
     */
    public static Map<String, Object> of(String trace, double stepSeconds, int horizon, double[] series,
                                         List<RollingOriginEvaluator.Result> results, boolean withFitTimes) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("forecasts.json needs at least one model's results");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("trace", trace);
        d.put("step_seconds", stepSeconds == Math.rint(stepSeconds) ? (Object) (long) stepSeconds : stepSeconds);
        d.put("horizon_steps", horizon);
        int[] targets = results.get(0).targets();
        int n = Math.min(POINTS, targets.length);
        double[] actual = new double[n];
        for (int i = 0; i < n; i++) {
            actual[i] = series[targets[i]];
        }
        d.put("actual", actual);
        List<Map<String, Object>> models = new ArrayList<>();
        for (RollingOriginEvaluator.Result r : results) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", r.name());
            List<Double> f = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                f.add(i < r.forecastsAtHorizon().length && r.targets()[i] == targets[i] ? r.forecastsAtHorizon()[i] : null);
            }
            e.put("forecast", f);
            ForecastMetrics o = r.overall();
            e.put("mae", o.mae());
            e.put("rmse", o.rmse());
            e.put("smape_pct", o.smapePct());
            e.put("mase", o.mase());
            if (withFitTimes) {
                e.put("fit_seconds", r.fitSeconds());
            }
            models.add(e);
        }
        d.put("models", models);
        return d;
    }

    /**
     * Forecasts the held-out part of a series, as the demo compares policies on it: the models are fitted on
     * {@code series[0, trainEnd)} (no validation split) and scored by rolling origin on {@code series[trainEnd, end)}
     * at leads 1..{@code horizon}. Deterministic (no wall time in the document): the same series gives the same
     * bytes.
     *
     * @param trace    the trace's name for the document
     * @param series   training part followed by the held-out part, already scaled as evaluated
     * @param trainEnd where the held-out part starts
     * @param season   season length in steps (a day)
     * @param horizon  the lead an autoscaler acts on (its boot delay in steps), &gt;= 1
     * @param models   names in {@link ForecasterRegistry#classical()}
     */
    public static Map<String, Object> evaluateHeldOut(String trace, double stepSeconds, double[] series, int trainEnd,
                                                      int season, int horizon, List<String> models) {
        ChronologicalSplit split = new ChronologicalSplit(trainEnd, trainEnd, series.length);
        RollingOriginEvaluator evaluator = new RollingOriginEvaluator(horizon, season, 1, true, () -> 0L);
        ForecasterRegistry registry = ForecasterRegistry.classical();
        ForecasterConfig config = ForecasterConfig.of(season, horizon, 0);
        List<RollingOriginEvaluator.Result> results = new ArrayList<>();
        for (String m : models) {
            results.add(evaluator.evaluate(registry.create(m, config), series, split));
        }
        return of(trace, stepSeconds, horizon, series, results, false);
    }
}
