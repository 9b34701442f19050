package dev.scalewise.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassicalForecastersTest {

    @Test
    void naiveAndSeasonalNaiveReferenceValues() {
        double[] y = {1, 2, 3, 4, 5, 6, 7};
        assertThat(new NaiveForecaster().forecast(y, 5, 3)).containsExactly(5, 5, 5);
        // season 3, observed 1..5: next values are y[t+h-3k]: 3, 4, 5, then 3 again (k=2 for h=4)
        assertThat(new SeasonalNaiveForecaster(3).forecast(y, 5, 4)).containsExactly(3, 4, 5, 3);
        // less than one season: naive
        assertThat(new SeasonalNaiveForecaster(10).forecast(y, 5, 2)).containsExactly(5, 5);
    }

    @Test
    void movingAverageUsesTheWindowAndFitsIt() {
        double[] y = {1, 2, 3, 4, 5, 6};
        assertThat(new MovingAverageForecaster(3, 10).forecast(y, 6, 2)).containsExactly(5, 5);
        assertThat(new MovingAverageForecaster(10, 10).forecast(y, 2, 1)).containsExactly(1.5);
        // a level with noise: a longer window is better than the last value
        double[] z = Series.seasonal(500, 20, 0, 0, 24, 1, 9);
        MovingAverageForecaster sma = new MovingAverageForecaster(0, 48);
        sma.fit(z);
        assertThat(sma.window()).isGreaterThan(10);
    }

    @Test
    void ewmaReferenceAndFit() {
        EwmaForecaster e = new EwmaForecaster(0.5);
        // l = 1, then 0.5*3 + 0.5*1 = 2, then 0.5*5 + 0.5*2 = 3.5
        assertThat(e.forecast(new double[] {1, 3, 5}, 2)).containsExactly(3.5, 3.5);
        EwmaForecaster fitted = new EwmaForecaster(Double.NaN);
        fitted.fit(Series.seasonal(500, 20, 0, 0, 24, 1, 9));
        assertThat(fitted.alpha()).isBetween(0.0, 0.3);
        assertThatThrownBy(() -> new EwmaForecaster(1.5)).hasMessageContaining("alpha");
    }

    @Test
    void holtFollowsALineExactly() {
        double[] line = new double[50];
        for (int t = 0; t < line.length; t++) {
            line[t] = 3 + 2 * t;
        }
        HoltForecaster h = new HoltForecaster();
        h.fit(line);
        assertThat(h.forecast(line, 3)).containsExactly(new double[] {103, 105, 107}, within(1e-9));
    }

    @Test
    void registryKnowsTheClassicalNamesAndRejectsUnknownOnes() {
        ForecasterRegistry r = ForecasterRegistry.standard();
        assertThat(r.names()).contains("naive", "seasonal-naive", "sma", "ewma", "holt", "holt-winters-add", "holt-winters-mul");
        for (String name : ForecasterRegistry.classical().names()) {
            assertThat(r.create(name, ForecasterConfig.of(24, 3, 1)).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> r.create("prophet", ForecasterConfig.of(24, 3, 1))).hasMessageContaining("unknown forecaster 'prophet'");
        assertThatThrownBy(() -> r.register("naive", "again", c -> new NaiveForecaster())).hasMessageContaining("already");
    }
}
