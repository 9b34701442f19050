package dev.scalewise.app.charts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws one small chart in the charts' style into memory and encodes it as PNG, so that the first real chart of a
 * command does not pay for the first use of JFreeChart, Java2D's rasteriser, the fonts and ImageIO's PNG writer
 * (class loading and initialisation): for a command that draws its charts last ({@code demo}, {@code compare}) and
 * can do this on an idle core first ({@code app.StartupWarmup}). Writes no file.
 */
public final class ChartWarmup {
    private ChartWarmup() {
    }

    /** The PNG of a 64 x 48 two-point line chart with a title, in the charts' style. */
    public static byte[] drawOne() throws IOException {
        XYSeries s = new XYSeries("warm-up");
        s.add(0, 0);
        s.add(1, 1);
        JFreeChart chart = ChartFactory.createXYLineChart("warm-up", "x", "y", new XYSeriesCollection(s),
                PlotOrientation.VERTICAL, true, false, false);
        ChartStyle.style(chart);
        ChartStyle.style(chart.getXYPlot());
        chart.getXYPlot().setRenderer(ChartStyle.lines(1, 1.5f));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, 64, 48);
        return png.toByteArray();
    }
}
