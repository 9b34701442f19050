package dev.scalewise.app.charts;

import dev.scalewise.explain.PolicyMap;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.GrayPaintScale;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/** Heatmaps of a {@link PolicyMap}: the greedy action and the largest action value over utilization x instances. */
public final class PolicyMapCharts {
    private PolicyMapCharts() {
    }

    /** Writes {@code policy-map-action.png} and {@code policy-map-max-q.png} into {@code dir}. */
    public static void write(List<PolicyMap.Cell> cells, double utilizationStep, Path dir) throws IOException {
        int minAction = cells.stream().mapToInt(PolicyMap.Cell::action).min().orElse(0);
        int maxAction = cells.stream().mapToInt(PolicyMap.Cell::action).max().orElse(0);
        LookupPaintScale actions = new LookupPaintScale(Math.min(minAction, -1) - 0.5, Math.max(maxAction, 1) + 0.5,
                Color.LIGHT_GRAY);
        for (int a = Math.min(minAction, -1); a <= Math.max(maxAction, 1); a++) {
            Color c = a < 0 ? new Color(0x1f77b4) : a == 0 ? new Color(0xeeeeee) : new Color(0xd62728);
            if (Math.abs(a) > 1) {
                c = c.darker();
            }
            actions.add(a - 0.5, c);
        }
        ChartStyle.save(heatmap(cells, c -> c.action(), actions, utilizationStep,
                "Greedy action (blue: remove, grey: hold, red: add)", "instance delta", true),
                dir.resolve("policy-map-action.png"), 1000, 700);
        double lo = cells.stream().mapToDouble(PolicyMap.Cell::maxQ).min().orElse(0);
        double hi = cells.stream().mapToDouble(PolicyMap.Cell::maxQ).max().orElse(0);
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        ChartStyle.save(heatmap(cells, PolicyMap.Cell::maxQ, new GrayPaintScale(lo, hi), utilizationStep,
                "Max Q over actions (dark: low, light: high)", "max Q", false),
                dir.resolve("policy-map-max-q.png"), 1000, 700);
    }

    private static JFreeChart heatmap(List<PolicyMap.Cell> cells, ToDoubleFunction<PolicyMap.Cell> z, PaintScale scale,
                                      double utilizationStep, String title, String legend,
                                      boolean integerLegend) {
        double[][] data = new double[3][cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            PolicyMap.Cell c = cells.get(i);
            data[0][i] = c.utilization();
            data[1][i] = c.instances();
            data[2][i] = z.applyAsDouble(c);
        }
        DefaultXYZDataset ds = new DefaultXYZDataset();
        ds.addSeries("cells", data);
        XYBlockRenderer r = new XYBlockRenderer();
        r.setBlockWidth(utilizationStep);
        r.setBlockHeight(1);
        r.setPaintScale(scale);
        NumberAxis x = new NumberAxis("utilization");
        NumberAxis y = new NumberAxis("ready instances");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(ds, x, y, r);
        ChartStyle.style(plot);
        JFreeChart chart = new JFreeChart(title, plot);
        chart.removeLegend();
        NumberAxis scaleAxis = new NumberAxis(legend);
        if (integerLegend) {
            scaleAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        PaintScaleLegend psl = new PaintScaleLegend(scale, scaleAxis);
        psl.setPosition(RectangleEdge.RIGHT);
        psl.setMargin(4, 4, 40, 4);
        psl.setAxisOffset(5);
        chart.addSubtitle(psl);
        ChartStyle.style(chart);
        return chart;
    }
}
