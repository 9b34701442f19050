package dev.scalewise.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered forecaster and its conformal 0.9-quantile ({@code NAME@0.9}): no look-ahead, and batch,
 * many-origin and stream forecasts agree.
 */
class NoLookAheadTest {
    static final int SEASON = 24;
    static final int HORIZON = 5;

    static Stream<String> names() {
        return ForecasterRegistry.standard().names().stream().flatMap(n -> Stream.of(n, n + "@0.9"));
    }

    private static Forecaster fitted(String name, double[] y) {
        Forecaster f = ForecasterRegistry.standard().create(name, ForecasterConfig.of(SEASON, HORIZON, 7));
        f.fit(Arrays.copyOfRange(y, 0, 200), Arrays.copyOfRange(y, 200, 240));
        return f;
    }

    @ParameterizedTest
    @MethodSource("names")
    void changingTheFutureChangesNothing(String name) {
        double[] y = Series.seasonal(400, 50, 0.05, 10, SEASON, 1, 1);
        Forecaster f = fitted(name, y);
        for (int end : new int[] {1, 2, 10, 30, 47, 48, 49, 250, 399}) {
            double[] before = f.forecast(y, end, HORIZON);
            double[] future = y.clone();
            for (int i = end; i < future.length; i++) {
                future[i] = 1e6 * ((i % 3) - 1);
            }
            assertThat(f.forecast(future, end, HORIZON)).as("%s at end %d", name, end).containsExactly(before);
            assertThat(f.forecast(Arrays.copyOf(y, end), HORIZON)).as("%s prefix at end %d", name, end).containsExactly(before);
            assertThat(before).hasSize(HORIZON);
            assertThat(Arrays.stream(before).allMatch(Double::isFinite)).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void streamAndManyOriginsGiveTheBatchForecasts(String name) {
        double[] y = Series.seasonal(300, 50, 0.05, 10, SEASON, 1, 2);
        Forecaster f = fitted(name, y);
        int[] ends = {1, 2, 3, 20, 47, 48, 49, 60, 150, 299};
        double[][] many = f.forecastMany(y, ends, HORIZON);
        ForecastStream s = f.stream();
        int fed = 0;
        for (int i = 0; i < ends.length; i++) {
            while (fed < ends[i]) {
                s.observe(y[fed++]);
            }
            double[] batch = f.forecast(y, ends[i], HORIZON);
            assertThat(many[i]).as("%s many at %d", name, ends[i]).containsExactly(batch);
            assertThat(s.forecast(HORIZON)).as("%s stream at %d", name, ends[i]).containsExactly(batch);
            assertThat(s.forecastAt(HORIZON)).isEqualTo(batch[HORIZON - 1]);
        }
    }
}
