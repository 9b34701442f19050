package dev.scalewise.app.charts;

import dev.scalewise.env.StepInfo;
import dev.scalewise.experiment.ComparisonResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The comparison charts, from the per-step series of one seed: demand vs capacity per policy (the static-vs-elastic
 * picture), cumulative cost, p95 latency against the SLO, and SLA violations.
 */
public final class ComparisonCharts {
    private ComparisonCharts() {
    }

    /**
     * One policy's steps.
     *
     * @param t            step index
     * @param arrivalRate  requests/s
     * @param ready        ready instances
     * @param booting      booting instances
     * @param p95Ms        p95 latency, ms
     * @param costUsd      dollars per step
     * @param violated     1 when the step violated the SLA
     */
    public record Series(double[] t, double[] arrivalRate, double[] ready, double[] booting, double[] p95Ms,
                         double[] costUsd, double[] violated) {
    }

    /** Series of the first seed of a comparison, per policy in report order. */
    public static Map<String, Series> fromResult(ComparisonResult r) {
        Map<String, Series> m = new LinkedHashMap<>();
        r.firstSeedSeries().forEach((name, steps) -> m.put(name, of(steps)));
        return m;
    }

    private static Series of(List<StepInfo> steps) {
        int n = steps.size();
        double[][] a = new double[7][n];
        for (int i = 0; i < n; i++) {
            StepInfo s = steps.get(i);
            a[0][i] = s.step();
            a[1][i] = s.arrivalRate();
            a[2][i] = s.ready();
            a[3][i] = s.booting();
            a[4][i] = s.p95() * 1000;
            a[5][i] = s.costUsd();
            a[6][i] = s.slaViolated() ? 1 : 0;
        }
        return new Series(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
    }

    /** Reads {@code comparison_steps.csv} as written by {@code ComparisonReport.stepsCsv}. */
    public static Map<String, Series> readStepsCsv(Path file) throws IOException {
        SimpleCsv csv = SimpleCsv.read(file);
        int cp = csv.column("policy");
        Map<String, List<String[]>> byPolicy = new LinkedHashMap<>();
        for (String[] row : csv.rows) {
            byPolicy.computeIfAbsent(row[cp], k -> new ArrayList<>()).add(row);
        }
        int[] cols = {csv.column("t", "step"), csv.column("arrival_rate"), csv.column("ready"), csv.column("booting"),
            csv.column("p95_latency_ms"), csv.column("cost_usd"), csv.column("sla_violated")};
        Map<String, Series> m = new LinkedHashMap<>();
        byPolicy.forEach((name, rows) -> {
            double[][] a = new double[7][rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                for (int c = 0; c < 7; c++) {
                    a[c][i] = SimpleCsv.num(rows.get(i), cols[c]);
                }
            }
            m.put(name, new Series(a[0], a[1], a[2], a[3], a[4], a[5], a[6]));
        });
        return m;
    }

    /**
     * Writes {@link #write(Map, double, double, Path)}'s charts and the cost-vs-SLA Pareto chart
     * ({@link ParetoChart}) of a comparison into {@code dir}.
     */
    public static List<Path> write(ComparisonResult r, double serviceRate, double sloMs, Path dir) throws IOException {
        List<java.util.concurrent.Callable<Path>> jobs = new ArrayList<>(jobs(fromResult(r), serviceRate, sloMs, dir));
        jobs.add(() -> ParetoChart.write(r, dir));
        return ChartStyle.renderAll(jobs);
    }

    /**
     * Writes {@code demand_vs_capacity.png}, {@code cumulative_cost.png}, {@code p95_latency.png} and
     * {@code sla_violations.png} into {@code dir}.
     *
     * @param serviceRate requests/s of one instance (demand is drawn as instances needed at 100% utilization)
     * @param sloMs       the p95 objective
     * @return the files written
     */
    public static List<Path> write(Map<String, Series> series, double serviceRate, double sloMs, Path dir) throws IOException {
        return ChartStyle.renderAll(jobs(series, serviceRate, sloMs, dir));
    }

    /** The four charts of {@link #write(Map, double, double, Path)}, each a job that draws and writes one. */
    private static List<java.util.concurrent.Callable<Path>> jobs(Map<String, Series> series, double serviceRate,
                                                                  double sloMs, Path dir) {
        return List.of(
                () -> demandVsCapacity(series, serviceRate, dir.resolve("demand_vs_capacity.png")),
                () -> cumulativeCost(series, dir.resolve("cumulative_cost.png")),
                () -> latency(series, sloMs, dir.resolve("p95_latency.png")),
                () -> violations(series, dir.resolve("sla_violations.png")));
    }

    private static Path demandVsCapacity(Map<String, Series> series, double mu, Path file) throws IOException {
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("step (minutes when dt = 60 s)"));
        combined.setGap(8);
        int i = 0;
        for (Map.Entry<String, Series> e : series.entrySet()) {
            Series s = e.getValue();
            XYSeries demand = new XYSeries("demand (instances at 100% busy)");
            XYSeries ready = new XYSeries("ready");
            XYSeries total = new XYSeries("ready + booting");
            for (int k = 0; k < s.t().length; k++) {
                demand.add(s.t()[k], s.arrivalRate()[k] / mu);
                ready.add(s.t()[k], s.ready()[k]);
                total.add(s.t()[k], s.ready()[k] + s.booting()[k]);
            }
            XYSeriesCollection data = new XYSeriesCollection();
            data.addSeries(demand);
            data.addSeries(total);
            data.addSeries(ready);
            NumberAxis y = new NumberAxis(e.getKey());
            y.setAutoRangeIncludesZero(true);
            y.setLabelFont(y.getLabelFont().deriveFont(11f));
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
            r.setSeriesPaint(0, new Color(0x7f7f7f));
            r.setSeriesStroke(0, new BasicStroke(1.0f));
            r.setSeriesPaint(1, new Color(0xff7f0e));
            r.setSeriesStroke(1, new BasicStroke(1.2f));
            r.setSeriesPaint(2, ChartStyle.policy(e.getKey()));
            r.setSeriesStroke(2, new BasicStroke(1.6f));
            XYPlot p = new XYPlot(data, null, y, r);
            ChartStyle.style(p);
            combined.add(p, 1);
            if (i == 0) {
                combined.setFixedLegendItems(p.getLegendItems());
            }
            i++;
        }
        JFreeChart chart = new JFreeChart("Demand vs capacity per policy (first seed)", JFreeChart.DEFAULT_TITLE_FONT,
                combined, true);
        ChartStyle.style(chart);
        // One legend is enough: every subplot uses the same three series.
        ChartStyle.save(chart, file, 1200, Math.max(500, 170 * i + 120));
        return file;
    }

    private static Path cumulativeCost(Map<String, Series> series, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, Series> e : series.entrySet()) {
            XYSeries xs = new XYSeries(e.getKey());
            double acc = 0;
            Series s = e.getValue();
            for (int k = 0; k < s.t().length; k++) {
                acc += s.costUsd()[k];
                xs.add(s.t()[k], acc);
            }
            data.addSeries(xs);
        }
        XYPlot p = new XYPlot(data, new NumberAxis("step"), new NumberAxis("cumulative cost (USD)"),
                ChartStyle.policyLines(List.copyOf(series.keySet()), 2f));
        ChartStyle.style(p);
        JFreeChart chart = new JFreeChart("Cumulative cost", JFreeChart.DEFAULT_TITLE_FONT, p, true);
        ChartStyle.style(chart);
        ChartStyle.save(chart, file, 1100, 600);
        return file;
    }

    /**
     * p95 latency per policy as small multiples (one log-scale panel per policy, the same range in each, the SLO
     * dashed), so that one policy's spikes cannot hide another's line.
     */
    private static Path latency(Map<String, Series> series, double sloMs, Path file) throws IOException {
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("step"));
        combined.setGap(6);
        double max = sloMs * 2;
        for (Series s : series.values()) {
            for (double v : s.p95Ms()) {
                max = Math.max(max, v);
            }
        }
        for (Map.Entry<String, Series> e : series.entrySet()) {
            XYSeries xs = new XYSeries(e.getKey());
            Series s = e.getValue();
            for (int k = 0; k < s.t().length; k++) {
                xs.add(s.t()[k], Math.max(1, s.p95Ms()[k]));
            }
            LogarithmicAxis y = new LogarithmicAxis(e.getKey());
            y.setAllowNegativesFlag(false);
            y.setRange(1, max * 1.5);
            y.setLabelFont(y.getLabelFont().deriveFont(11f));
            XYLineAndShapeRenderer r = ChartStyle.policyLines(List.of(e.getKey()), 1.2f);
            XYPlot p = new XYPlot(new XYSeriesCollection(xs), null, y, r);
            ValueMarker slo = new ValueMarker(sloMs, Color.BLACK, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            p.addRangeMarker(slo);
            ChartStyle.style(p);
            combined.add(p, 1);
        }
        JFreeChart chart = new JFreeChart("p95 latency (ms, log scale) per policy; dashed: the SLO of "
                + Math.round(sloMs) + " ms", JFreeChart.DEFAULT_TITLE_FONT, combined, false);
        ChartStyle.style(chart);
        ChartStyle.save(chart, file, 1100, Math.max(500, 130 * series.size() + 120));
        return file;
    }

    private static Path violations(Map<String, Series> series, Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, Series> e : series.entrySet()) {
            double v = 0;
            for (double x : e.getValue().violated()) {
                v += x;
            }
            int n = e.getValue().violated().length;
            data.addValue(n == 0 ? 0 : 100.0 * v / n, "steps violating the SLA (%)", e.getKey());
        }
        // horizontal bars: every policy's full name fits on the category axis
        JFreeChart chart = org.jfree.chart.ChartFactory.createBarChart("SLA violations (first seed)", null,
                "steps violating the SLA (%)", data, PlotOrientation.HORIZONTAL, false, false, false);
        ChartStyle.style(chart);
        CategoryPlot p = chart.getCategoryPlot();
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(new Color(0xdddddd));
        p.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.5f);
        p.getDomainAxis().setMaximumCategoryLabelLines(2);
        List<String> names = List.copyOf(series.keySet());
        BarRenderer r = new BarRenderer() {
            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return ChartStyle.policy(names.get(column));
            }
        };
        p.setRenderer(r);
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("0.00")));
        r.setDefaultItemLabelsVisible(true);
        // values right of their bars (never clipped by the axis), the axis below, room for the longest label
        r.setDefaultPositiveItemLabelPosition(new org.jfree.chart.labels.ItemLabelPosition(
                org.jfree.chart.labels.ItemLabelAnchor.OUTSIDE3, org.jfree.chart.ui.TextAnchor.CENTER_LEFT));
        p.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        p.getRangeAxis().setUpperMargin(0.12);
        ChartStyle.save(chart, file, 1100, Math.max(400, 48 * series.size() + 140));
        return file;
    }
}
