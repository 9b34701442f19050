package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/** Runs {@code forecast} in-process on a small per-second counts file with classical models. */
class ForecastCommandTest {

    @Test
    void writesTableJsonAndPng(@TempDir Path dir) throws Exception {
        // 40 "days" of 24 steps of 60 s: a daily cycle of per-second counts
        SplittableRandom rng = new SplittableRandom(1);
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < 40 * 24 * 60; s++) {
            double rate = 2 + 1.5 * Math.sin(2 * Math.PI * s / (24 * 60));
            sb.append((int) Math.floor(rate + rng.nextDouble())).append(' '); // stochastic rounding
        }
        Path counts = dir.resolve("counts.txt");
        Files.writeString(counts, sb);
        Path png = dir.resolve("chart.png");
        StringWriter out = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        int code = cl.execute("forecast", "--trace", counts.toString(), "--step-seconds", "60", "--season", "24",
                "--horizon", "2", "--models", "seasonal-naive,naive,holt-winters-add", "--json", "-", "--png", png.toString());
        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("trace").asText()).isEqualTo(counts.toString());
        assertThat(json.get("horizon_steps").asInt()).isEqualTo(2);
        JsonNode models = json.get("models");
        assertThat(models).hasSize(3);
        for (JsonNode m : models) {
            for (String field : new String[] {"name", "mae", "rmse", "smape_pct", "mase", "fit_seconds"}) {
                assertThat(m.has(field)).as(field).isTrue();
            }
        }
        assertThat(models.get(0).get("name").asText()).isEqualTo("seasonal-naive");
        assertThat(models.get(0).get("relative_mae_vs_seasonal_naive").asDouble()).isEqualTo(1.0);
        assertThat(Files.size(png)).isGreaterThan(1000);
    }

    @Test
    void rejectsABadSplit() {
        CommandLine cl = Main.newCommandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("forecast", "--split", "0.5,0.1,0.1")).isEqualTo(2);
        assertThat(err.toString()).contains("--split");
    }
}
