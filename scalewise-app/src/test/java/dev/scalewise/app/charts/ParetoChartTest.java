package dev.scalewise.app.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParetoChartTest {

    @Test
    void frontierKeepsExactlyTheUndominatedPolicies(@TempDir Path dir) throws Exception {
        List<ParetoChart.Point> pts = List.of(
                new ParetoChart.Point("static", 100.0, 40.0),      // safest, dearest: on the frontier
                new ParetoChart.Point("hpa", 88.0, 17.0),          // dominated by perfect-forecast
                new ParetoChart.Point("oracle", 100.0, 13.0),      // cheapest at 100%: dominates static
                new ParetoChart.Point("perfect-forecast", 100.0, 15.8),
                new ParetoChart.Point("cheap", 50.0, 5.0),         // cheapest: on the frontier
                new ParetoChart.Point("mid", 99.0, 12.0));         // cheaper than oracle, less compliant: on it
        assertThat(ParetoChart.frontier(pts)).extracting(ParetoChart.Point::name)
                .containsExactly("cheap", "mid", "oracle");
        // Ties: equal points do not dominate each other.
        assertThat(ParetoChart.frontier(List.of(new ParetoChart.Point("a", 99, 10), new ParetoChart.Point("b", 99, 10))))
                .hasSize(2);
        Path f = ParetoChart.write(pts, "test", dir.resolve("p.png"));
        BufferedImage img = ImageIO.read(f.toFile());
        assertThat(img.getWidth()).isEqualTo(1100);
        assertThat(img.getHeight()).isEqualTo(700);
        // One colour per policy, stable across charts; distinct among the registered policies.
        assertThat(ParetoChart.colorOf("mpc")).isEqualTo(ParetoChart.colorOf("mpc"));
        assertThat(List.of("static", "threshold", "hpa", "keda", "aws-target-tracking", "aws-step", "aws-predictive",
                "oracle", "perfect-forecast", "mpc", "hpa-tuned", "aws-target-tracking-tuned", "agent").stream()
                .map(ParetoChart::colorOf).distinct().count()).isEqualTo(13);
    }
}
