package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.workload.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's forecasts.json: what the dashboard's Forecasts view reads, for the held-out days, reproducibly. */
class DemoForecastsTest {
    @Test
    void theHeldOutDaysAreForecastAtTheBootDelaysLeadByteForByteAlike(@TempDir Path tmp) throws Exception {
        int day = 1440;
        double[] r = new double[4 * day];
        for (int i = 0; i < r.length; i++) {
            r[i] = 100 + 80 * Math.sin(2 * Math.PI * i / day) + (i * 7919 % 11);
        }
        Trace t = new Trace("wave", 60, r);
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        DemoCommand.writeForecasts(t, 3 * day, day, EnvConfig.defaults(), a);
        DemoCommand.writeForecasts(t, 3 * day, day, EnvConfig.defaults(), b);
        assertThat(Files.readString(a.resolve("forecasts.json"))).isEqualTo(Files.readString(b.resolve("forecasts.json")));
        JsonNode f = new ObjectMapper().readTree(a.resolve("forecasts.json").toFile());
        assertThat(f.get("trace").asText()).isEqualTo("wave");
        // boot delay 120 s at 60 s steps: the lead an autoscaler acts on is 2 steps
        assertThat(f.get("horizon_steps").asInt()).isEqualTo(2);
        assertThat(f.get("actual")).hasSize(day - 2 + 1);
        assertThat(f.get("actual").get(0).asDouble()).isEqualTo(r[3 * day + 1]);
        assertThat(f.get("models")).hasSize(4);
        for (JsonNode m : f.get("models")) {
            assertThat(m.get("forecast")).hasSize(day - 1);
            assertThat(m.get("mae").asDouble()).isPositive();
            assertThat(m.has("fit_seconds")).isFalse();
        }
    }
}
