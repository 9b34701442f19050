package dev.scalewise.app.charts;

import dev.scalewise.experiment.PolicyPalette;
import dev.scalewise.run.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

/** One look for every chart: white background, light grid, a fixed palette, atomic PNG writes. */
final class ChartStyle {
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    private ChartStyle() {
    }

    /** The colour of a policy, the same in every chart and in the dashboard ({@link PolicyPalette}). */
    static Color policy(String name) {
        return Color.decode(PolicyPalette.hex(name));
    }

    /** Lines in the policies' own colours, in the order of {@code names}. */
    static XYLineAndShapeRenderer policyLines(List<String> names, float width) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < names.size(); i++) {
            r.setSeriesPaint(i, policy(names.get(i)));
            r.setSeriesStroke(i, new BasicStroke(width));
        }
        return r;
    }

    static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        }
    }

    static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlineVisible(false);
    }

    static XYLineAndShapeRenderer lines(int series, float width) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series; i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(width));
        }
        return r;
    }

    /**
     * Runs chart jobs on up to one thread per processor and returns their files in the jobs' order. Each job builds
     * and renders its own chart (a comparison's five took a second of CPU on a 2-core machine, most of it in
     * Java2D rasterising and PNG encoding, which share nothing between charts); the files are the same as drawn one
     * after the other. The first job's error is thrown ({@link dev.scalewise.app.Jobs#runAll}).
     */
    static List<Path> renderAll(List<java.util.concurrent.Callable<Path>> jobs) throws IOException {
        return dev.scalewise.app.Jobs.runAll("chart", "drawing charts", jobs);
    }

    static void save(JFreeChart chart, Path file, int width, int height) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height);
            AtomicFiles.makeReadable(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
