package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train --forecaster} and {@code compare --model NAME=DIR}: an agent with and one without the forecast. */
class ForecastUseCommandTest {

    @Test
    void compareRunsAnAgentWithAndWithoutTheForecastFeature(@TempDir Path dir) throws Exception {
        Path with = dir.resolve("with");
        Path without = dir.resolve("without");
        assertThat(CliTest.runOk("train", "--episodes", "5", "--forecaster", "holt", "--forecast-horizon", "5",
                "--keep-steps-every", "0", "--out", with.toString())).contains("forecaster holt");
        CliTest.runOk("train", "--episodes", "5", "--keep-steps-every", "0", "--out", without.toString());
        JsonNode spec = new ObjectMapper().readTree(with.resolve("spec.json").toFile());
        assertThat(spec.at("/scenario/forecaster/name").asText()).isEqualTo("holt");
        assertThat(spec.at("/scenario/forecaster/horizonSteps").asInt()).isEqualTo(5);
        assertThat(Files.readString(without.resolve("spec.json"))).doesNotContain("forecaster");

        String json = CliTest.runOk("compare", "--policies", "hpa,aws-predictive:holt", "--model", "agent-fc=" + with,
                "--model", without.toString(), "--workload", "diurnal", "--steps", "90", "--history-steps", "60",
                "--seeds", "1", "--json", "-");
        JsonNode tree = new ObjectMapper().readTree(json);
        assertThat(tree.get("policies")).hasSize(4);
        assertThat(tree.get("policies").get(1).get("name").asText()).isEqualTo("aws-predictive:holt");
        assertThat(tree.get("policies").get(2).get("name").asText()).isEqualTo("agent-fc");
        assertThat(tree.get("policies").get(3).get("name").asText()).isEqualTo("agent:without");
        String again = CliTest.runOk("compare", "--policies", "hpa,aws-predictive:holt", "--model", "agent-fc=" + with,
                "--model", without.toString(), "--workload", "diurnal", "--steps", "90", "--history-steps", "60",
                "--seeds", "1", "--json", "-");
        assertThat(again).isEqualTo(json);
    }

    @Test
    void forecasterOptionsNeedAForecaster(@TempDir Path dir) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        assertThat(cl.execute("train", "--episodes", "1", "--forecast-horizon", "3", "--out",
                dir.resolve("x").toString())).isNotZero();
        assertThat(cl.execute("train", "--episodes", "1", "--forecaster", "nope", "--out",
                dir.resolve("y").toString())).isNotZero();
    }
}
