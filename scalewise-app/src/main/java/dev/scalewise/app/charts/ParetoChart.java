package dev.scalewise.app.charts;

import dev.scalewise.experiment.ComparisonResult;
import dev.scalewise.experiment.Metric;
import dev.scalewise.experiment.PolicyPalette;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The cost-vs-SLA Pareto chart of a comparison: one labelled point per policy (mean bill across seeds against mean
 * percent of steps within the SLA), each policy in its own colour ({@link #colorOf}, the same in every chart), and
 * the Pareto frontier (the policies no other policy beats on both cost and compliance) drawn as a dashed staircase.
 * The oracle is drawn but left out of the frontier: it is a floor no policy reaches and would dominate every point.
 */
public final class ParetoChart {
    /** File name of the chart in a comparison folder. */
    public static final String FILE = "pareto_cost_vs_sla.png";

    private ParetoChart() {
    }

    /** One policy's point. */
    public record Point(String name, double slaPct, double costUsd) {
    }

    /** The colour of a policy, the same in every chart and the dashboard ({@link PolicyPalette}). */
    public static Color colorOf(String name) {
        return Color.decode(PolicyPalette.hex(name));
    }

    /** The points of a comparison, in report order. */
    public static List<Point> points(ComparisonResult r) {
        return r.policies().stream().map(p -> new Point(p.name(), p.mean(Metric.SLA_COMPLIANCE_PCT),
                p.mean(Metric.COST_USD))).toList();
    }

    /**
     * The Pareto frontier, cheapest first: a point is on it when no other point costs at most as much with at least
     * as much compliance and is strictly better in one of the two.
     */
    public static List<Point> frontier(List<Point> points) {
        List<Point> f = new ArrayList<>();
        for (Point p : points) {
            boolean dominated = false;
            for (Point q : points) {
                if (q != p && q.costUsd() <= p.costUsd() && q.slaPct() >= p.slaPct()
                        && (q.costUsd() < p.costUsd() || q.slaPct() > p.slaPct())) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                f.add(p);
            }
        }
        f.sort(Comparator.comparingDouble(Point::costUsd).thenComparingDouble(Point::slaPct));
        return f;
    }

    /** Writes {@link #FILE} into {@code dir}. */
    public static Path write(ComparisonResult r, Path dir) throws IOException {
        return write(points(r), r.trace(), dir.resolve(FILE));
    }

    /** Writes the chart of {@code points} to {@code file}. */
    public static Path write(List<Point> points, String title, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries front = new XYSeries("Pareto frontier", false);
        List<Point> f = frontier(points.stream().filter(p -> !p.name().equals("oracle")).toList());
        for (int i = 0; i < f.size(); i++) {
            if (i > 0) {
                front.add(f.get(i).slaPct(), f.get(i - 1).costUsd()); // staircase: compliance bought at a price
            }
            front.add(f.get(i).slaPct(), f.get(i).costUsd());
        }
        data.addSeries(front);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, new Color(0x999999));
        r.setSeriesStroke(0, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        r.setSeriesShapesVisible(0, false);
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            XYSeries s = new XYSeries(p.name());
            s.add(p.slaPct(), p.costUsd());
            data.addSeries(s);
            r.setSeriesPaint(i + 1, colorOf(p.name()));
            r.setSeriesLinesVisible(i + 1, false);
            r.setSeriesShape(i + 1, new Ellipse2D.Double(-5, -5, 10, 10));
        }
        NumberAxis x = new NumberAxis("steps within the SLA (%, mean across seeds)");
        double lo = points.stream().mapToDouble(Point::slaPct).min().orElse(0);
        double span = Math.max(1, 100 - lo);
        x.setRange(Math.max(0, lo - 0.05 * span), 100 + 0.15 * span); // room for the labels of the points at 100%
        NumberAxis y = new NumberAxis("cost (USD, mean across seeds)");
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, x, y, r);
        ChartStyle.style(plot);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        for (Point p : points) {
            XYTextAnnotation a = new XYTextAnnotation(" " + p.name(), p.slaPct(), p.costUsd());
            a.setFont(font);
            a.setPaint(colorOf(p.name()).darker());
            a.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addAnnotation(a);
        }
        JFreeChart chart = new JFreeChart("Cost vs SLA compliance: " + title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartStyle.style(chart);
        ChartStyle.save(chart, file, 1100, 700);
        return file;
    }
}
