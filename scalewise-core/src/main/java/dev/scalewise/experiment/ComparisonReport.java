package dev.scalewise.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scalewise.experiment.ComparisonResult.PolicyResult;
import dev.scalewise.run.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link ComparisonResult} as an aligned terminal table, CSV, JSON (the field names of {@code CLI.md})
 * and Markdown. Files are written atomically (temporary file, then rename).
 */
public final class ComparisonReport {
    /** Columns of the terminal table and the Markdown report. */
    public static final List<Metric> TABLE_METRICS = List.of(Metric.COST_USD, Metric.TOTAL_COST_USD,
            Metric.SAVINGS_VS_STATIC_PCT, Metric.SLA_COMPLIANCE_PCT, Metric.SLA_COMPLIANCE_REQUESTS_PCT,
            Metric.P95_LATENCY_MS, Metric.P99_LATENCY_MS, Metric.DROPPED_REQUESTS, Metric.SCALING_ACTIONS, Metric.FLAPS,
            Metric.FLAPS_PER_DAY, Metric.MEAN_UTILIZATION, Metric.REGRET_VS_ORACLE_PCT);

    private ComparisonReport() {
    }

    private static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String cell(MetricStats s, Metric m, boolean withCi) {
        String v = fmt(s.mean(), m.decimals());
        if (withCi && s.n() > 1 && !Double.isNaN(s.ci95())) {
            v += " ±" + fmt(s.ci95(), m.decimals());
        }
        return v;
    }

    /** The aligned terminal table (means, with ± 95% half-widths when there are several seeds). */
    public static String table(ComparisonResult r) {
        return table(r, TABLE_METRICS, true);
    }

    /**
     * The aligned terminal table of {@code metrics} (means, with ± 95% half-widths when {@code withCi} and there are
     * several seeds): a narrower view for a terminal, the full one being in the report files.
     */
    public static String table(ComparisonResult r, List<Metric> metrics, boolean withCi) {
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[metrics.size() + 1];
        header[0] = "policy";
        for (int i = 0; i < metrics.size(); i++) {
            header[i + 1] = metrics.get(i).header();
        }
        rows.add(header);
        for (PolicyResult p : r.policies()) {
            String[] row = new String[header.length];
            row[0] = p.name();
            for (int i = 0; i < metrics.size(); i++) {
                row[i + 1] = cell(p.stat(metrics.get(i)), metrics.get(i), withCi);
            }
            rows.add(row);
        }
        int[] w = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "trace %s: %d steps of %.0f s, %d seed(s)%n", r.trace(), r.steps(),
                r.stepSeconds(), r.seeds().size()));
        for (int ri = 0; ri < rows.size(); ri++) {
            String[] row = rows.get(ri);
            for (int i = 0; i < row.length; i++) {
                if (i == 0) {
                    sb.append(String.format("%-" + w[i] + "s", row[i]));
                } else {
                    sb.append("  ").append(String.format("%" + w[i] + "s", row[i]));
                }
            }
            sb.append(System.lineSeparator());
            if (ri == 0) {
                int total = 0;
                for (int x : w) {
                    total += x + 2;
                }
                sb.append("-".repeat(total - 2)).append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    /** CSV: one row per policy, each metric's mean and its ci95 half-width. */
    public static String csv(ComparisonResult r) {
        StringBuilder sb = new StringBuilder("name");
        for (Metric m : Metric.values()) {
            sb.append(',').append(m.jsonName());
        }
        for (Metric m : Metric.values()) {
            sb.append(',').append(m.jsonName()).append("_ci95");
        }
        sb.append('\n');
        for (PolicyResult p : r.policies()) {
            sb.append(csvField(p.name()));
            for (Metric m : Metric.values()) {
                sb.append(',').append(num(p.stat(m).mean()));
            }
            for (Metric m : Metric.values()) {
                sb.append(',').append(num(p.stat(m).ci95()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** The JSON document of {@code CLI.md} as ordered maps (NaN as null). */
    public static Map<String, Object> jsonTree(ComparisonResult r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("trace", r.trace());
        root.put("steps", r.steps());
        root.put("step_seconds", r.stepSeconds());
        root.put("seeds", r.seeds());
        List<Object> ps = new ArrayList<>();
        for (PolicyResult p : r.policies()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", p.name());
            Map<String, Object> ci = new LinkedHashMap<>();
            for (Metric m : Metric.values()) {
                o.put(m.jsonName(), jsonNum(p.stat(m).mean()));
                ci.put(m.jsonName(), jsonNum(p.stat(m).ci95()));
            }
            o.put("ci95", ci);
            ps.add(o);
        }
        root.put("policies", ps);
        root.put("slo_ms", r.env().sloSeconds() * 1000);
        root.put("boot_delay_s", r.env().cluster().bootDelaySeconds());
        root.put("poisson_arrivals", r.env().poissonArrivals());
        root.put("physics", r.env().physics().id());
        root.put("arrivals_verified_identical", r.arrivalsVerified());
        return root;
    }

    private static Object jsonNum(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The JSON text. */
    public static String json(ComparisonResult r) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(jsonTree(r)) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Markdown report: setup, the table (mean ± 95% CI), and how to read it. */
    public static String markdown(ComparisonResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Comparison on `").append(r.trace()).append("`\n\n");
        sb.append(String.format(Locale.ROOT,
                "%d steps of %.0f s; %d seed(s) %s; SLO p95 <= %.0f ms and no drops; boot delay %.0f s; "
                        + "Poisson arrivals %s; physics %s; every policy saw identical arrivals (checked step by step: %s).%n%n",
                r.steps(), r.stepSeconds(), r.seeds().size(), r.seeds(), r.env().sloSeconds() * 1000,
                r.env().cluster().bootDelaySeconds(), r.env().poissonArrivals() ? "on" : "off", r.env().physics().id(),
                r.arrivalsVerified() ? "yes" : "no"));
        sb.append("| policy |");
        for (Metric m : TABLE_METRICS) {
            sb.append(' ').append(m.header()).append(" |");
        }
        sb.append("\n|---|");
        sb.append("---:|".repeat(TABLE_METRICS.size()));
        sb.append('\n');
        for (PolicyResult p : r.policies()) {
            sb.append("| ").append(p.name()).append(" |");
            for (Metric m : TABLE_METRICS) {
                sb.append(' ').append(cell(p.stat(m), m, true)).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\nValues are means across seeds with the half-width of the 95% confidence interval (Student t). ")
                .append("Savings are against static peak provisioning; regret is `100 (cost / oracle cost - 1)`, where the ")
                .append("oracle is the cheapest schedule meeting the SLA at every step with the arrivals known in advance. ")
                .append("A flap is a scaling action in the opposite direction of the previous one within 600 s (W = 10 ")
                .append("minutes); flaps per day = flaps / days simulated. Total cost = the bill + an SLA credit at the ")
                .append("prices of the cost-sla reward (by default $1 per minute out of the SLA and $0.001 per dropped ")
                .append("request).\n");
        return sb.toString();
    }

    /**
     * Writes {@code text} to {@code file} atomically (temporary file in the same folder, then rename), readable by
     * all like any new file ({@link AtomicFiles#writeString}).
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
    }

    /** Writes {@code comparison.json}, {@code comparison.csv}, {@code comparison.md} and the per-step series CSV. */
    public static void writeAll(ComparisonResult r, Path dir) throws IOException {
        writeAtomically(dir.resolve("comparison.json"), json(r));
        writeAtomically(dir.resolve("comparison.csv"), csv(r));
        writeAtomically(dir.resolve("comparison.md"), markdown(r));
        writeAtomically(dir.resolve("comparison_steps.csv"), stepsCsv(r));
    }

    /** Every step of the first seed for every policy (long format), for charts and audits. */
    public static String stepsCsv(ComparisonResult r) {
        StringBuilder sb = new StringBuilder(
                "policy,t,arrival_rate,ready,booting,utilization,p95_latency_ms,dropped,cost_usd,sla_violated,applied_delta\n");
        r.firstSeedSeries().forEach((name, steps) -> steps.forEach(s -> sb.append(csvField(name)).append(',')
                .append(s.step()).append(',').append(s.arrivalRate()).append(',').append(s.ready()).append(',')
                .append(s.booting()).append(',').append(s.utilization()).append(',').append(s.p95() * 1000).append(',')
                .append(s.dropped()).append(',').append(s.costUsd()).append(',').append(s.slaViolated() ? 1 : 0)
                .append(',').append(s.appliedDelta()).append('\n')));
        return sb.toString();
    }
}
