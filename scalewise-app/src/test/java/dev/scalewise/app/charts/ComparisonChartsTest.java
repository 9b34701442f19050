package dev.scalewise.app.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.experiment.PolicyPalette;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison PNGs: one colour per policy, full names, one panel per policy for latency. */
class ComparisonChartsTest {

    private static ComparisonCharts.Series series(int n, double p95, double violatedShare) {
        double[] t = new double[n];
        double[] a = new double[n];
        double[] r = new double[n];
        double[] b = new double[n];
        double[] p = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
            a[i] = 50 + 20 * Math.sin(i / 10.0);
            r[i] = 5;
            p[i] = p95 * (1 + (i % 7 == 0 ? 50 : 0));
            c[i] = 0.01;
            v[i] = i < violatedShare * n ? 1 : 0;
        }
        return new ComparisonCharts.Series(t, a, r, b, p, c, v);
    }

    private static boolean hasColour(BufferedImage img, Color c) {
        for (int y = 0; y < img.getHeight(); y += 1) {
            for (int x = 0; x < img.getWidth(); x += 1) {
                if ((img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void everyPolicyKeepsItsPaletteColourAndTheLatencyChartHasOnePanelEach(@TempDir Path dir) throws Exception {
        Map<String, ComparisonCharts.Series> m = new LinkedHashMap<>();
        m.put("aws-target-tracking", series(120, 80, 0.10));
        m.put("hpa", series(120, 120, 0.05));
        m.put("agent", series(120, 60, 0.02));
        ComparisonCharts.write(m, 10, 250, dir);
        BufferedImage sla = ImageIO.read(dir.resolve("sla_violations.png").toFile());
        for (String name : m.keySet()) {
            assertThat(hasColour(sla, Color.decode(PolicyPalette.hex(name)))).as(name + " bar colour").isTrue();
        }
        BufferedImage cum = ImageIO.read(dir.resolve("cumulative_cost.png").toFile());
        assertThat(hasColour(cum, Color.decode(PolicyPalette.hex("agent")))).isTrue();
        BufferedImage p95 = ImageIO.read(dir.resolve("p95_latency.png").toFile());
        assertThat(p95.getHeight()).isGreaterThanOrEqualTo(500);
        for (String name : m.keySet()) {
            assertThat(hasColour(p95, Color.decode(PolicyPalette.hex(name)))).as(name + " latency line").isTrue();
        }
    }

    @Test
    void thePaletteIsStableAndDistinctForTheKnownPolicies() {
        assertThat(PolicyPalette.KNOWN.stream().map(PolicyPalette::hex).distinct().count())
                .isEqualTo(PolicyPalette.KNOWN.size());
        assertThat(PolicyPalette.hex("oracle")).isEqualTo("#000000");
        assertThat(PolicyPalette.hex("agent:run-7")).isEqualTo(PolicyPalette.hex("agent:run-7"))
                .isIn(PolicyPalette.COLORS.subList(PolicyPalette.KNOWN.size(), PolicyPalette.COLORS.size()));
    }
}
