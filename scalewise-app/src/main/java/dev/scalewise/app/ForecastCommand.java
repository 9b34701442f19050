package dev.scalewise.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.scalewise.forecast.ChronologicalSplit;
import dev.scalewise.forecast.ConformalForecaster;
import dev.scalewise.forecast.ForecastMetrics;
import dev.scalewise.forecast.Forecaster;
import dev.scalewise.forecast.ForecasterConfig;
import dev.scalewise.forecast.ForecasterRegistry;
import dev.scalewise.forecast.QuantileForecaster;
import dev.scalewise.forecast.RollingOriginEvaluator;
import dev.scalewise.nn.forecast.NeuralForecaster;
import dev.scalewise.nn.forecast.NeuralQuantileForecaster;
import dev.scalewise.workload.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scalewise forecast}: fits forecasters on the training split of a trace and scores them by rolling origin on
 * the test split, point forecasts and conformal quantile forecasts ({@code --quantiles}: coverage and pinball loss);
 * prints a table, optionally writes JSON (fields in CLI.md), a PNG of actual vs forecast, the trained neural models,
 * and a Markdown report into a section of a document ({@code --report}, how {@code docs/forecasting.md}'s results
 * are regenerated).
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Fit and evaluate forecasters on a trace (chronological split, rolling origin on the test split).")
public final class ForecastCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trace", defaultValue = "nasa-http-1995", split = ",",
            description = "catalog traces (see traces list) or trace files, comma-separated; --json, --png and --out "
                    + "need a single one (default: ${DEFAULT-VALUE})")
    List<String> traces;

    /** The trace being evaluated. */
    private String trace;

    @Option(names = "--traces-dir", description = "Where catalog traces live (default: $SCALEWISE_TRACES_DIR, "
            + "../shared/traces, ~/.scalewise/traces)")
    String tracesDir;

    @Option(names = "--step-seconds", defaultValue = "300", description = "step length in seconds (default: ${DEFAULT-VALUE})")
    int stepSeconds;

    @Option(names = "--models", split = ",", defaultValue = "seasonal-naive,naive,ewma,holt,holt-winters-add,holt-winters-mul,lstm,tcn",
            description = "forecasters to evaluate, comma-separated (default: ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--horizon", defaultValue = "3",
            description = "horizon in steps; set it to the boot delay (default: ${DEFAULT-VALUE}, 15 min at 5-min steps)")
    int horizon;

    @Option(names = "--season", defaultValue = "288", description = "season length in steps (default: ${DEFAULT-VALUE}, a day of 5-min steps)")
    int season;

    @Option(names = "--split", split = ",", defaultValue = "0.7,0.1,0.2",
            description = "train,validation,test fractions, chronological (default: ${DEFAULT-VALUE})")
    List<Double> split;

    @Option(names = "--stride", defaultValue = "1", description = "steps between forecast origins (default: ${DEFAULT-VALUE})")
    int stride;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the neural models (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = {"-o", "--option"}, description = "model option KEY=VALUE (e.g. window=48, epochs=30), repeatable")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--json", description = "write the results as JSON to FILE, or - for standard output")
    String json;

    @Option(names = "--png", description = "write a PNG of actual vs forecast (lead = horizon) on the test split")
    Path png;

    @Option(names = "--plot-steps", defaultValue = "864", description = "test steps shown in the PNG, from its start (default: ${DEFAULT-VALUE})")
    int plotSteps;

    @Option(names = "--quantiles", split = ",", defaultValue = "0.9,0.99",
            description = "quantile levels in (0, 1) scored for calibration (conformal, per lead), comma-separated; "
                    + "'none' for point forecasts only (default: ${DEFAULT-VALUE})")
    List<String> quantiles;

    @Option(names = "--report", description = "write the results as Markdown into FILE, between the lines "
            + "'<!-- forecast-report:TRACE -->' and '<!-- /forecast-report:TRACE -->' (appended when absent)")
    Path report;

    @Option(names = "--out", description = "folder for forecast.json, forecasts.json (the dashboard's Forecasts view), "
            + "forecast.png and the trained neural models")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (split.size() != 3 || Math.abs(split.get(0) + split.get(1) + split.get(2) - 1) > 1e-6) {
            throw new IllegalArgumentException("--split needs three fractions summing to 1, got " + split);
        }
        double[] levels = quantileLevels(quantiles);
        if (traces.size() > 1 && (json != null || png != null || out != null)) {
            throw new IllegalArgumentException("--json, --png and --out need a single --trace, got " + traces.size() + " traces");
        }
        for (String name : traces) {
            trace = name.trim();
            run(levels);
        }
        return 0;
    }

    /** Parses {@code --quantiles}: levels in (0, 1), or {@code none}. */
    static double[] quantileLevels(List<String> texts) {
        if (texts.size() == 1 && "none".equals(texts.get(0).trim())) {
            return new double[0];
        }
        double[] q = new double[texts.size()];
        for (int i = 0; i < q.length; i++) {
            String text = texts.get(i).trim();
            try {
                q[i] = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--quantiles: '" + text + "' is not a number", e);
            }
            if (!(q[i] > 0 && q[i] < 1)) {
                throw new IllegalArgumentException("--quantiles: levels must be in (0, 1), got " + text);
            }
        }
        return q;
    }

    private void run(double[] levels) throws IOException {
        Trace t = dev.scalewise.workload.TraceCatalog.fromEnvironment(tracesDir).resolve(trace).resample(stepSeconds);
        double[] y = t.rates();
        ChronologicalSplit s = ChronologicalSplit.of(y.length, split.get(0), split.get(1));
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        boolean jsonToStdout = "-".equals(json);
        PrintWriter log = jsonToStdout ? err : outw;
        log.printf(Locale.ROOT, "%s: %d steps of %d s; train %d, validation %d, test %d; horizon %d, season %d%n",
                trace, y.length, stepSeconds, s.trainEnd(), s.validationEnd() - s.trainEnd(), y.length - s.validationEnd(),
                horizon, season);
        log.flush();

        ForecasterRegistry registry = ForecasterRegistry.standard();
        ForecasterConfig config = new ForecasterConfig(season, horizon, seed, options);
        RollingOriginEvaluator evaluator = new RollingOriginEvaluator(horizon, season, stride, true, System::nanoTime);
        List<RollingOriginEvaluator.Result> results = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : models) {
            Forecaster f = levels.length > 0 ? registry.quantiles(name.trim(), config) : registry.create(name.trim(), config);
            if (f instanceof QuantileForecaster qf) {
                for (double q : levels) {
                    qf.atQuantile(q); // a level a native head was not trained for fails here, before training
                }
            }
            RollingOriginEvaluator.Result r = evaluator.evaluate(f, y, s, levels);
            results.add(r);
            Map<String, Object> row = row(r);
            Forecaster point = f instanceof ConformalForecaster cf ? cf.point()
                    : f instanceof NeuralQuantileForecaster nq ? nq.network() : f;
            if (point instanceof NeuralForecaster nf) {
                row.put("training", nf.metadata());
                if (out != null) {
                    nf.save(out.resolve("models").resolve(nf.name()));
                }
                nf.close();
            }
            rows.add(row);
            log.printf(Locale.ROOT, "  %-18s fitted in %.1f s%n", r.name(), r.fitSeconds());
            log.flush();
        }
        printTable(log, results);
        if (levels.length > 0) {
            printQuantiles(log, results);
        }

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("trace", trace);
        doc.put("step_seconds", stepSeconds);
        doc.put("steps", y.length);
        doc.put("horizon_steps", horizon);
        doc.put("season_steps", season);
        doc.put("split", Map.of("train_end", s.trainEnd(), "validation_end", s.validationEnd(), "length", s.length()));
        doc.put("origins", evaluator.origins(s).length);
        doc.put("mase_scale", ForecastMetrics.seasonalNaiveScale(s.train(y), season));
        doc.put("mase_definition", "MAE over leads 1..horizon divided by the in-sample (training split) MAE of the one-step seasonal naive forecast");
        if (levels.length > 0) {
            doc.put("quantile_method", "split conformal per lead: point forecast (clamped at 0) + the ceil((n+1)q)-th "
                    + "smallest residual of that lead on the calibration window (the validation split); models named "
                    + "*-quantile: the network's own quantile head (pinball loss), no calibration");
        }
        doc.put("models", rows);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (jsonToStdout) {
            outw.println(mapper.writeValueAsString(doc));
            outw.flush();
        } else if (json != null) {
            mapper.writeValue(Path.of(json).toFile(), doc);
        }
        if (out != null) {
            Files.createDirectories(out);
            mapper.writeValue(out.resolve("forecast.json").toFile(), doc);
            dev.scalewise.run.AtomicFiles.writeString(out.resolve("forecasts.json"),
                    mapper.writeValueAsString(dev.scalewise.forecast.ForecastsDocument.of(trace, stepSeconds, horizon, y,
                            results, true)));
            writePng(out.resolve("forecast.png"), t, y, results);
        }
        if (png != null) {
            writePng(png, t, y, results);
        }
        if (report != null) {
            ForecastReport.write(report, trace, spec.commandLine().getParseResult().originalArgs(),
                    reportMarkdown(y, s, evaluator, results, rows, levels));
            log.println("report section '" + trace + "' written to " + report);
            log.flush();
        }
    }

    /** The Markdown of one trace's results (no wall times: the numbers reproduce exactly). */
    private String reportMarkdown(double[] y, ChronologicalSplit s, RollingOriginEvaluator evaluator,
                                  List<RollingOriginEvaluator.Result> results, List<Map<String, Object>> rows,
                                  double[] levels) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%,d steps of %d s (%.1f days); chronological split: train %,d, validation %,d,"
                        + " test %,d (%,d origins x %d leads). Horizon %d, season %d. MASE scale (in-sample seasonal naive MAE)"
                        + " = %.4f.%n%n", y.length, stepSeconds, y.length * stepSeconds / 86400.0, s.trainEnd(),
                s.validationEnd() - s.trainEnd(), y.length - s.validationEnd(), evaluator.origins(s).length, horizon,
                horizon, season, ForecastMetrics.seasonalNaiveScale(s.train(y), season)));
        md.append("| model | MAE | RMSE | sMAPE % | MASE | MAE / seasonal naive | MASE at lead ").append(horizon).append(" |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (RollingOriginEvaluator.Result r : results) {
            ForecastMetrics o = r.overall();
            ForecastMetrics last = r.byLead().get(r.byLead().size() - 1);
            md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.2f | %.4f | %.4f | %.4f |%n", r.name(), o.mae(),
                    o.rmse(), o.smapePct(), o.mase(), r.relativeMae(), last.mase()));
        }
        if (levels.length > 0) {
            md.append("\nQuantile forecasts (split conformal per lead, calibrated on the validation split; `-quantile` models:"
                    + " the network's own pinball-loss head, not calibrated): coverage = share"
                    + " of test actuals at or below the q-forecast (nominal q); pinball = mean pinball loss (req/s, lower is"
                    + " better); leads 1..").append(horizon).append(" pooled.\n\n| model |");
            for (double q : levels) {
                md.append(" coverage q=").append(q).append(" | pinball q=").append(q).append(" |");
            }
            md.append("\n|---|");
            md.append("---:|".repeat(2 * levels.length)).append("\n");
            for (RollingOriginEvaluator.Result r : results) {
                md.append("| ").append(r.name()).append(" |");
                for (RollingOriginEvaluator.QuantileScore q : r.quantiles()) {
                    md.append(String.format(Locale.ROOT, " %.4f | %.4f |", q.coverage(), q.pinball()));
                }
                md.append("\n");
            }
        }
        for (Map<String, Object> row : rows) {
            if (row.get("training") instanceof dev.scalewise.nn.forecast.TrainingMetadata m) {
                md.append(String.format(Locale.ROOT, "%n%s: %d epochs, best %d (seed %d, one PyTorch thread).",
                        row.get("name"), m.epochs(), m.bestEpoch(), seed));
            }
        }
        return md.toString();
    }

    private static Map<String, Object> row(RollingOriginEvaluator.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        ForecastMetrics o = r.overall();
        m.put("name", r.name());
        m.put("mae", o.mae());
        m.put("rmse", o.rmse());
        m.put("smape_pct", o.smapePct());
        m.put("mase", o.mase());
        m.put("fit_seconds", r.fitSeconds());
        m.put("relative_mae_vs_seasonal_naive", r.relativeMae());
        ForecastMetrics last = r.byLead().get(r.byLead().size() - 1);
        m.put("at_horizon", Map.of("mae", last.mae(), "rmse", last.rmse(), "smape_pct", last.smapePct(), "mase", last.mase()));
        m.put("forecast_seconds", r.forecastSeconds());
        if (!r.quantiles().isEmpty()) {
            List<Map<String, Object>> qs = new ArrayList<>();
            for (RollingOriginEvaluator.QuantileScore q : r.quantiles()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("q", q.q());
                e.put("coverage", q.coverage());
                e.put("pinball", q.pinball());
                e.put("coverage_at_horizon", q.coverageAtHorizon());
                e.put("pinball_at_horizon", q.pinballAtHorizon());
                qs.add(e);
            }
            m.put("quantiles", qs);
        }
        return m;
    }

    private void printTable(PrintWriter w, List<RollingOriginEvaluator.Result> results) {
        w.printf(Locale.ROOT, "%n%-18s %9s %9s %9s %8s %10s %12s %8s%n", "model", "MAE", "RMSE", "sMAPE %", "MASE",
                "MAE/SN", "MASE@h=" + horizon, "fit s");
        for (RollingOriginEvaluator.Result r : results) {
            ForecastMetrics o = r.overall();
            ForecastMetrics last = r.byLead().get(r.byLead().size() - 1);
            w.printf(Locale.ROOT, "%-18s %9.4f %9.4f %9.2f %8.4f %10.4f %12.4f %8.1f%n", r.name(), o.mae(), o.rmse(),
                    o.smapePct(), o.mase(), r.relativeMae(), last.mase(), r.fitSeconds());
        }
        w.println("MASE: MAE over leads 1.." + horizon + " / in-sample one-step seasonal-naive MAE (training split);"
                + " MAE/SN: MAE / seasonal naive's MAE at the same origins (< 1 beats seasonal naive).");
        w.flush();
    }

    private void printQuantiles(PrintWriter w, List<RollingOriginEvaluator.Result> results) {
        w.printf(Locale.ROOT, "%n%-18s", "model");
        for (RollingOriginEvaluator.QuantileScore q : results.get(0).quantiles()) {
            w.printf(Locale.ROOT, " %12s %12s", "cover q=" + q.q(), "pinball");
        }
        w.println();
        for (RollingOriginEvaluator.Result r : results) {
            w.printf(Locale.ROOT, "%-18s", r.name());
            for (RollingOriginEvaluator.QuantileScore q : r.quantiles()) {
                w.printf(Locale.ROOT, " %12.4f %12.4f", q.coverage(), q.pinball());
            }
            w.println();
        }
        w.println("cover: share of test actuals at or below the conformal q-forecast (nominal q), leads 1.." + horizon
                + " pooled; pinball: mean pinball loss (lower is better).");
        w.flush();
    }

    private void writePng(Path file, Trace t, double[] y, List<RollingOriginEvaluator.Result> results) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries actual = new XYSeries("actual", false, true);
        double hours = t.stepSeconds() / 3600.0;
        RollingOriginEvaluator.Result firstResult = results.get(0);
        int shown = Math.min(plotSteps, firstResult.targets().length);
        for (int i = 0; i < shown; i++) {
            int idx = firstResult.targets()[i];
            actual.add(idx * hours, y[idx]);
        }
        data.addSeries(actual);
        for (RollingOriginEvaluator.Result r : results) {
            XYSeries s = new XYSeries(r.name() + " (t+" + horizon + ")", false, true);
            for (int i = 0; i < Math.min(shown, r.targets().length); i++) {
                s.add(r.targets()[i] * hours, r.forecastsAtHorizon()[i]);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(trace + ": actual vs forecast " + horizon + " steps ahead (test split)",
                "hours since trace start", "requests / s", data, PlotOrientation.VERTICAL, true, false, false);
        org.jfree.chart.plot.XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
        plot.getRenderer().setSeriesPaint(0, java.awt.Color.BLACK);
        plot.getRenderer().setSeriesStroke(0, new java.awt.BasicStroke(2f));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1400, 600);
    }
}
