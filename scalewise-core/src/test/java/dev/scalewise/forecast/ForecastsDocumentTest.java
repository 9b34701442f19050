package dev.scalewise.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastsDocumentTest {
    /** A daily pattern of 48 steps repeated exactly: the seasonal naive forecast is perfect, the naive one is not. */
    private static double[] periodic(int days) {
        double[] y = new double[days * 48];
        for (int i = 0; i < y.length; i++) {
            y[i] = 100 + 50 * Math.sin(2 * Math.PI * (i % 48) / 48.0);
        }
        return y;
    }

    @Test
    @SuppressWarnings("unchecked")
    void heldOutDaysAreForecastAtTheLeadWithTheirErrors() {
        double[] y = periodic(10);
        int trainEnd = 8 * 48;
        Map<String, Object> doc = ForecastsDocument.evaluateHeldOut("periodic", 60, y, trainEnd, 48, 2,
                List.of("seasonal-naive", "naive"));
        assertThat(doc.get("horizon_steps")).isEqualTo(2);
        assertThat(doc.get("step_seconds")).isEqualTo(60L);
        double[] actual = (double[]) doc.get("actual");
        // origins trainEnd .. length - horizon, the target of each at lead 2
        assertThat(actual).hasSize(2 * 48 - 2 + 1);
        assertThat(actual[0]).isEqualTo(y[trainEnd + 1]);
        List<Map<String, Object>> models = (List<Map<String, Object>>) doc.get("models");
        assertThat(models).extracting(m -> m.get("name")).containsExactly("seasonal-naive", "naive");
        assertThat((double) models.get(0).get("mae")).isCloseTo(0, within(1e-9));
        assertThat((double) models.get(1).get("mae")).isGreaterThan(1);
        List<Double> sn = (List<Double>) models.get(0).get("forecast");
        assertThat(sn.get(5)).isCloseTo(actual[5], within(1e-9));
        assertThat(models.get(0)).doesNotContainKey("fit_seconds");
    }

    @Test
    void theSameSeriesGivesTheSameDocument() throws Exception {
        double[] y = periodic(6);
        for (int i = 0; i < y.length; i++) {
            y[i] += (i * 7919 % 13) - 6;
        }
        Map<String, Object> a = ForecastsDocument.evaluateHeldOut("t", 60, y, 5 * 48, 48, 3, ForecastsDocument.DEMO_MODELS);
        Map<String, Object> b = ForecastsDocument.evaluateHeldOut("t", 60, y, 5 * 48, 48, 3, ForecastsDocument.DEMO_MODELS);
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(m.writeValueAsString(a)).isEqualTo(m.writeValueAsString(b)).contains("\"holt\"");
    }
}
