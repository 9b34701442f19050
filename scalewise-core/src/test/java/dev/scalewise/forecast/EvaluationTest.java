package dev.scalewise.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void metricsReferenceValues() {
        ForecastMetrics m = ForecastMetrics.of(new double[] {1, 2, 0, 4}, new double[] {2, 2, 0, 1}, 2.0);
        assertThat(m.mae()).isEqualTo(1.0);            // (1 + 0 + 0 + 3) / 4
        assertThat(m.rmse()).isEqualTo(Math.sqrt(2.5)); // (1 + 9) / 4
        // sMAPE terms: 2*1/3, 0, 0 (both zero), 2*3/5 -> (0.6667 + 1.2) / 4 * 100
        assertThat(m.smapePct()).isCloseTo(100 * (2.0 / 3 + 1.2) / 4, within(1e-12));
        assertThat(m.mase()).isEqualTo(0.5);
        assertThat(m.count()).isEqualTo(4);
        // in-sample seasonal naive scale with m = 2: |3-1|, |4-2|, |9-3| -> 10/3
        assertThat(ForecastMetrics.seasonalNaiveScale(new double[] {1, 2, 3, 4, 9}, 2)).isCloseTo(10.0 / 3, within(1e-12));
    }

    @Test
    void splitByFractions() {
        ChronologicalSplit s = ChronologicalSplit.of(1000, 0.7, 0.1);
        assertThat(s.trainEnd()).isEqualTo(700);
        assertThat(s.validationEnd()).isEqualTo(800);
        assertThat(s.train(new double[1000])).hasSize(700);
    }

    @Test
    void rollingOriginScoresEveryOriginOfTheTestSplit() {
        int m = 24;
        double[] y = Series.seasonal(40 * m, 100, 0, 30, m, 2, 21);
        ChronologicalSplit split = ChronologicalSplit.of(y.length, 0.7, 0.1);
        RollingOriginEvaluator ev = new RollingOriginEvaluator(3, m, 1, true, System::nanoTime);
        RollingOriginEvaluator.Result sn = ev.evaluate(new SeasonalNaiveForecaster(m), y, split);
        RollingOriginEvaluator.Result hw = ev.evaluate(new HoltWintersForecaster(m, HoltWintersForecaster.Seasonality.ADDITIVE), y, split);
        RollingOriginEvaluator.Result naive = ev.evaluate(new NaiveForecaster(), y, split);
        int origins = y.length - split.validationEnd() - 3 + 1;
        assertThat(sn.overall().count()).isEqualTo(3L * origins);
        assertThat(sn.relativeMae()).isEqualTo(1.0);
        assertThat(sn.byLead()).hasSize(3);
        assertThat(sn.targets()).hasSize(origins);
        assertThat(sn.targets()[0]).isEqualTo(split.validationEnd() + 2);
        // a smooth strong season with noise: Holt-Winters beats seasonal naive, which beats naive at lead 3
        assertThat(hw.overall().mase()).isLessThan(sn.overall().mase());
        assertThat(hw.relativeMae()).isLessThan(0.9);
        assertThat(naive.byLead().get(2).mae()).isGreaterThan(sn.byLead().get(2).mae());
    }
}
