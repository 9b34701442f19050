package dev.scalewise.sweep;

import dev.scalewise.experiment.Metric;
import dev.scalewise.experiment.MetricStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sweep's table: one row per configuration (cells that differ only by training seed are aggregated) with the
 * mean and 95% CI of every metric, failed cells with their errors, and the best configuration by the objective.
 *
 * <p>Statistics of a configuration: with two or more successful training seeds, the mean and CI are across training
 * seeds of each trained policy's mean over the evaluation seeds (the spread of what training produces); with one,
 * they are that policy's mean and CI across evaluation seeds.
 *
 * @param name           the sweep's name
 * @param objective      the objective
 * @param configurations one row per configuration, in cell order
 * @param failures       the failed cells
 * @param best           index into {@code configurations} of the best one meeting the constraints, -1 when none
 * @param cells          cells in the sweep
 * @param finished       cells with a result (ok or failed)
 */
public record SweepReport(String name, Objective objective, List<Row> configurations, List<Failure> failures,
                          int best, int cells, int finished) {

    /** One configuration. */
    public record Row(String configId, Map<String, Object> params, int trainingSeeds, int failed,
                      Map<String, MetricStats> metrics) {
        public double mean(String metric) {
            MetricStats s = metrics.get(metric);
            return s == null ? Double.NaN : s.mean();
        }
    }

    /** A failed cell. */
    public record Failure(int index, String id, Map<String, Object> params, long trainingSeed, String error) {
    }

    /** Aggregates results (any subset of the cells, in cell order). */
    public static SweepReport of(String name, Objective objective, List<SweepCell> cells, List<CellResult> results) {
        Map<String, CellResult> byId = new LinkedHashMap<>();
        results.forEach(r -> byId.put(r.id(), r));
        Map<String, List<SweepCell>> groups = new LinkedHashMap<>();
        cells.forEach(c -> groups.computeIfAbsent(c.configId(), k -> new ArrayList<>()).add(c));
        List<Row> rows = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (List<SweepCell> group : groups.values()) {
            List<CellResult> ok = new ArrayList<>();
            int failed = 0;
            for (SweepCell c : group) {
                CellResult r = byId.get(c.id());
                if (r == null) {
                    continue;
                }
                if (r.ok()) {
                    ok.add(r);
                } else {
                    failed++;
                    failures.add(new Failure(c.index(), c.id(), c.params(), c.trainingSeed(), r.error()));
                }
            }
            if (ok.isEmpty() && failed == 0) {
                continue;
            }
            Map<String, MetricStats> stats = new TreeMap<>();
            for (String m : CellResult.METRICS) {
                if (ok.size() == 1) {
                    stats.put(m, ok.get(0).metrics().get(m));
                } else if (ok.size() > 1) {
                    stats.put(m, MetricStats.of(ok.stream().mapToDouble(r -> r.mean(m)).toArray()));
                }
            }
            rows.add(new Row(group.get(0).configId(), group.get(0).params(), ok.size(), failed, stats));
        }
        int best = bestIndex(objective, rows, r -> true);
        return new SweepReport(name, objective, List.copyOf(rows), List.copyOf(failures), best, cells.size(),
                results.size());
    }

    private static boolean feasible(Objective o, Row r) {
        return o.constraints().stream().allMatch(c -> c.test(r.mean(c.metric())));
    }

    /** The index of the best row among those {@code in} accepts that meet the constraints, -1 when none. */
    private static int bestIndex(Objective objective, List<Row> rows, java.util.function.Predicate<Row> in) {
        int best = -1;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (!in.test(r) || r.trainingSeeds() == 0 || !feasible(objective, r)) {
                continue;
            }
            double v = r.mean(objective.metric());
            if (Double.isNaN(v)) {
                continue;
            }
            if (best < 0 || (objective.minimize() ? v < rows.get(best).mean(objective.metric())
                    : v > rows.get(best).mean(objective.metric()))) {
                best = i;
            }
        }
        return best;
    }

    /**
     * When the sweep varies the workload: the best row of each workload (null when none of its configurations meets
     * the constraints), in the order workloads first appear; empty otherwise.
     */
    public Map<String, Row> bestPerWorkload() {
        Map<String, Row> out = new LinkedHashMap<>();
        if (!varied().contains("workload")) {
            return out;
        }
        for (Row r : configurations) {
            Object w = r.params().get("workload");
            if (!out.containsKey(String.valueOf(w))) {
                int b = bestIndex(objective, configurations, x -> java.util.Objects.equals(x.params().get("workload"), w));
                out.put(String.valueOf(w), b < 0 ? null : configurations.get(b));
            }
        }
        return out;
    }

    /** The best row, if any configuration meets the constraints. */
    public Row bestRow() {
        return best < 0 ? null : configurations.get(best);
    }

    /** The parameters that vary between configurations (the table's columns). */
    public List<String> varied() {
        Set<String> all = new LinkedHashSet<>();
        configurations.forEach(r -> all.addAll(r.params().keySet()));
        List<String> out = new ArrayList<>();
        for (String p : all) {
            Set<Object> values = new LinkedHashSet<>();
            configurations.forEach(r -> values.add(String.valueOf(r.params().get(p))));
            if (values.size() > 1) {
                out.add(p);
            }
        }
        return out;
    }

    private static final List<String> TABLE_METRICS = List.of(Metric.COST_USD.jsonName(),
            Metric.SLA_COMPLIANCE_PCT.jsonName(), Metric.P95_LATENCY_MS.jsonName(), Metric.SCALING_ACTIONS.jsonName(),
            Metric.MEAN_UTILIZATION.jsonName());

    /** The terminal table: the varied parameters, then the main metrics as mean +- CI; the best marked with *. */
    public String table() {
        List<String> params = varied();
        List<String> header = new ArrayList<>(List.of("", "config"));
        header.addAll(params);
        header.add("seeds");
        for (String m : TABLE_METRICS) {
            header.add(m);
        }
        List<List<String>> lines = new ArrayList<>();
        for (int i = 0; i < configurations.size(); i++) {
            Row r = configurations.get(i);
            List<String> line = new ArrayList<>(List.of(i == best ? "*" : "", r.configId()));
            params.forEach(p -> line.add(format(r.params().get(p))));
            line.add(r.trainingSeeds() + (r.failed() > 0 ? " (" + r.failed() + " failed)" : ""));
            for (String m : TABLE_METRICS) {
                line.add(stat(r.metrics().get(m), decimals(m)));
            }
            lines.add(line);
        }
        int[] w = new int[header.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = header.get(c).length();
            for (List<String> l : lines) {
                w[c] = Math.max(w[c], l.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, header, w);
        for (List<String> l : lines) {
            appendRow(sb, l, w);
        }
        sb.append(summaryLine());
        return sb.toString();
    }

    /** One line: which is best and why, or that none meets the constraints; and the failures. */
    public String summaryLine() {
        StringBuilder sb = new StringBuilder();
        Row b = bestRow();
        if (b == null) {
            sb.append("no configuration meets: ").append(objective).append('\n');
        } else {
            sb.append(String.format(Locale.ROOT, "best (%s): %s %s = %s%n", objective, b.configId(), b.params(),
                    stat(b.metrics().get(objective.metric()), 4)));
        }
        bestPerWorkload().forEach((w, r) -> sb.append(r == null
                ? String.format(Locale.ROOT, "  best for %s: none meets the constraints%n", w)
                : String.format(Locale.ROOT, "  best for %s: %s %s = %s%n", w, r.configId(), r.params(),
                        stat(r.metrics().get(objective.metric()), 4))));
        if (finished < cells) {
            sb.append(cells - finished).append(" of ").append(cells).append(" cells not finished yet\n");
        }
        for (Failure f : failures) {
            sb.append("cell ").append(f.index()).append(" (").append(f.params()).append(", training seed ")
                    .append(f.trainingSeed()).append(") failed: ").append(f.error()).append('\n');
        }
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cols, int[] w) {
        for (int c = 0; c < cols.size(); c++) {
            String v = cols.get(c);
            sb.append(c < 2 ? pad(v, w[c]) : lpad(v, w[c])).append(c + 1 < cols.size() ? "  " : "");
        }
        sb.append('\n');
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String lpad(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }

    private static int decimals(String metric) {
        for (Metric m : Metric.values()) {
            if (m.jsonName().equals(metric)) {
                return m.decimals();
            }
        }
        return 4;
    }

    private static String stat(MetricStats s, int decimals) {
        if (s == null) {
            return "-";
        }
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " +- " + f, s.mean(), s.ci95());
    }

    private static String format(Object v) {
        return v == null ? "-" : v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : v.toString();
    }

    /** CSV: config_id, every parameter, training_seeds, failed, then each metric's mean and {@code _ci95}. */
    public String csv() {
        Set<String> params = new LinkedHashSet<>();
        configurations.forEach(r -> params.addAll(new TreeMap<>(r.params()).keySet()));
        StringBuilder sb = new StringBuilder("config_id");
        params.forEach(p -> sb.append(',').append(p));
        sb.append(",training_seeds,failed,best");
        CellResult.METRICS.forEach(m -> sb.append(',').append(m).append(',').append(m).append("_ci95"));
        sb.append('\n');
        for (int i = 0; i < configurations.size(); i++) {
            Row r = configurations.get(i);
            sb.append(r.configId());
            for (String p : params) {
                Object v = r.params().get(p);
                String s = v == null ? "" : v.toString();
                sb.append(',').append(s.contains(",") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
            }
            sb.append(',').append(r.trainingSeeds()).append(',').append(r.failed()).append(',').append(i == best);
            for (String m : CellResult.METRICS) {
                MetricStats s = r.metrics().get(m);
                sb.append(',').append(s == null ? "" : s.mean()).append(',').append(s == null ? "" : s.ci95());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Markdown: the table of {@link #table()} with the best in bold, then the summary. */
    public String markdown() {
        List<String> params = varied();
        StringBuilder sb = new StringBuilder("# Sweep `").append(name).append("`\n\n");
        sb.append("Objective: `").append(objective).append("`. Values: mean +- 95% CI half-width.\n\n| config |");
        params.forEach(p -> sb.append(' ').append(p).append(" |"));
        sb.append(" seeds |");
        TABLE_METRICS.forEach(m -> sb.append(' ').append(m).append(" |"));
        sb.append("\n|---|");
        params.forEach(p -> sb.append("---|"));
        sb.append("---:|");
        TABLE_METRICS.forEach(m -> sb.append("---:|"));
        sb.append('\n');
        for (int i = 0; i < configurations.size(); i++) {
            Row r = configurations.get(i);
            String id = i == best ? "**" + r.configId() + "** (best)" : "`" + r.configId() + "`";
            sb.append("| ").append(id).append(" |");
            params.forEach(p -> sb.append(' ').append(format(r.params().get(p))).append(" |"));
            sb.append(' ').append(r.trainingSeeds()).append(" |");
            TABLE_METRICS.forEach(m -> sb.append(' ').append(stat(r.metrics().get(m), decimals(m))).append(" |"));
            sb.append('\n');
        }
        sb.append('\n').append(summaryLine().replace("\n", "\n\n"));
        return sb.toString();
    }

    /** The JSON document ({@code sweep.json}). */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("objective", objective.toString());
        m.put("cells", cells);
        m.put("finished_cells", finished);
        m.put("failed_cells", failures.size());
        Row b = bestRow();
        m.put("best", b == null ? null : rowJson(b));
        Map<String, Object> perWorkload = new LinkedHashMap<>();
        bestPerWorkload().forEach((w, r) -> perWorkload.put(w, r == null ? null : rowJson(r)));
        if (!perWorkload.isEmpty()) {
            m.put("best_per_workload", perWorkload);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        configurations.forEach(r -> rows.add(rowJson(r)));
        m.put("configurations", rows);
        List<Map<String, Object>> fs = new ArrayList<>();
        for (Failure f : failures) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("index", f.index());
            x.put("id", f.id());
            x.put("params", f.params());
            x.put("training_seed", f.trainingSeed());
            x.put("error", f.error());
            fs.add(x);
        }
        m.put("failures", fs);
        return m;
    }

    private static Map<String, Object> rowJson(Row r) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("config_id", r.configId());
        x.put("params", r.params());
        x.put("training_seeds", r.trainingSeeds());
        x.put("failed", r.failed());
        Map<String, Object> ci = new LinkedHashMap<>();
        for (String metric : CellResult.METRICS) {
            MetricStats s = r.metrics().get(metric);
            x.put(metric, s == null ? null : s.mean());
            ci.put(metric, s == null ? null : s.ci95());
        }
        x.put("ci95", ci);
        return x;
    }
}
