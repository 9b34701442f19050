package dev.scalewise.app.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The training dashboard of a run folder: utilization, servers, reward and actions over the steps of one episode
 * (the last episode recorded in {@code steps.csv}), and the learning curve from {@code episodes.csv}. Columns are
 * found by header name, tolerating the usual spellings.
 */
public final class TrainingDashboard {
    private TrainingDashboard() {
    }

    /** Writes {@code training_dashboard.png} and {@code learning_curve.png} (each when its CSV exists). */
    public static List<Path> write(Path runDir, Path outDir) throws IOException {
        List<Path> out = new ArrayList<>();
        Path steps = runDir.resolve("steps.csv");
        if (Files.exists(steps)) {
            out.add(dashboard(SimpleCsv.read(steps), outDir.resolve("training_dashboard.png")));
        }
        Path episodes = runDir.resolve("episodes.csv");
        if (Files.exists(episodes)) {
            out.add(learningCurve(SimpleCsv.read(episodes), outDir.resolve("learning_curve.png")));
        }
        if (out.isEmpty()) {
            throw new IOException("no steps.csv or episodes.csv in " + runDir);
        }
        return out;
    }

    private static Path dashboard(SimpleCsv csv, Path file) throws IOException {
        int ce = csv.column("episode");
        int ct = csv.column("t", "step");
        int cu = csv.column("utilization", "util", "cpu_utilization");
        int cr = csv.column("ready", "servers", "instances");
        int cb = csv.column("booting");
        int cw = csv.column("reward");
        int ca = csv.column("applied_delta", "action", "delta", "requested_delta");
        double lastEpisode = Double.NaN;
        if (ce >= 0 && !csv.rows.isEmpty()) {
            lastEpisode = SimpleCsv.num(csv.rows.get(csv.rows.size() - 1), ce);
        }
        XYSeries util = new XYSeries("utilization");
        XYSeries ready = new XYSeries("ready");
        XYSeries booting = new XYSeries("booting");
        XYSeries reward = new XYSeries("reward");
        XYSeries action = new XYSeries("action");
        int k = 0;
        for (String[] row : csv.rows) {
            if (ce >= 0 && SimpleCsv.num(row, ce) != lastEpisode) {
                continue;
            }
            double t = ct >= 0 ? SimpleCsv.num(row, ct) : k;
            k++;
            add(util, t, SimpleCsv.num(row, cu));
            add(ready, t, SimpleCsv.num(row, cr));
            add(booting, t, SimpleCsv.num(row, cb));
            add(reward, t, SimpleCsv.num(row, cw));
            add(action, t, SimpleCsv.num(row, ca));
        }
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("step"));
        combined.setGap(10);
        combined.add(panel("CPU utilization", 0, util), 1);
        combined.add(panel("servers", 4, ready, booting), 1); // not utilization's colour
        combined.add(panel("reward", 2, reward), 1);
        XYPlot actions = panel("action (delta)", 3, action);
        // one decision per step: dots, not a line joining unrelated decisions
        XYLineAndShapeRenderer dots = (XYLineAndShapeRenderer) actions.getRenderer();
        dots.setSeriesLinesVisible(0, false);
        dots.setSeriesShapesVisible(0, true);
        dots.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
        combined.add(actions, 1);
        String title = "Training dashboard" + (Double.isNaN(lastEpisode) ? "" : " (episode " + (long) lastEpisode + ")");
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        ChartStyle.style(chart);
        ChartStyle.save(chart, file, 1200, 900);
        return file;
    }

    private static void add(XYSeries s, double x, double y) {
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            s.add(x, y);
        }
    }

    private static XYPlot panel(String label, int colour, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.length; i++) {
            data.addSeries(series[i]);
            r.setSeriesPaint(i, ChartStyle.PALETTE[(colour + i) % ChartStyle.PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(1.3f));
        }
        NumberAxis y = new NumberAxis(label);
        y.setAutoRangeIncludesZero(false);
        XYPlot p = new XYPlot(data, null, y, r);
        ChartStyle.style(p);
        return p;
    }

    private static Path learningCurve(SimpleCsv csv, Path file) throws IOException {
        int ce = csv.column("episode");
        int cr = csv.column("return", "episode_return", "total_reward", "reward");
        XYSeries ret = new XYSeries("episode return");
        XYSeries avg = new XYSeries("moving mean (50)");
        double[] window = new double[50];
        double sum = 0;
        int n = 0;
        int k = 0;
        for (String[] row : csv.rows) {
            double x = ce >= 0 ? SimpleCsv.num(row, ce) : k;
            double y = SimpleCsv.num(row, cr);
            k++;
            if (Double.isNaN(x) || Double.isNaN(y)) {
                continue;
            }
            ret.add(x, y);
            sum += y - window[n % 50];
            window[n % 50] = y;
            n++;
            avg.add(x, sum / Math.min(n, 50));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(ret);
        data.addSeries(avg);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, new Color(0x9ecae1));
        r.setSeriesStroke(0, new BasicStroke(1f));
        r.setSeriesPaint(1, ChartStyle.PALETTE[0]);
        r.setSeriesStroke(1, new BasicStroke(2.2f));
        NumberAxis y = new NumberAxis("return");
        y.setAutoRangeIncludesZero(false);
        XYPlot p = new XYPlot(data, new NumberAxis("episode"), y, r);
        ChartStyle.style(p);
        JFreeChart chart = new JFreeChart("Learning curve", JFreeChart.DEFAULT_TITLE_FONT, p, true);
        ChartStyle.style(chart);
        ChartStyle.save(chart, file, 1100, 550);
        return file;
    }
}
