package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.experiment.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

    @Test
    void explainsATinyTrainedRunWithJsonExplanationsAndAPolicyMap(@TempDir Path tmp) throws Exception {
        Path runDir = tmp.resolve("run");
        Trainer.train(TrainSpec.defaults().withEpisodes(2).withSeed(7), runDir, Trainer.Options.quiet());
        String json = CliTest.runOk("explain", "--run-dir", runDir.toString(), "--top", "3", "--horizon", "10", "--seed", "4",
                "--json", "-", "--out", runDir.toString(), "--policy-map", tmp.resolve("map").toString(),
                "--map-instances", "1:15");
        JsonNode list = new ObjectMapper().readTree(json);
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(3);
        JsonNode d = list.get(0);
        for (String f : new String[] {"step", "state", "q_values", "action", "margin", "counterfactuals", "narrative"}) {
            assertThat(d.has(f)).as(f).isTrue();
        }
        assertThat(d.get("q_values").size()).isEqualTo(3);
        assertThat(d.get("counterfactuals")).hasSize(2);
        for (String f : new String[] {"action", "delta_cost_usd", "delta_sla_violations", "delta_p95_latency_ms"}) {
            assertThat(d.get("counterfactuals").get(0).has(f)).as(f).isTrue();
        }
        for (String f : new String[] {"utilization", "trend", "forecast", "ready", "booting", "backlog", "arrival_rate"}) {
            assertThat(d.get("state").has(f)).as(f).isTrue();
        }
        assertThat(d.get("narrative").asText()).startsWith("Step " + d.get("step").asInt() + ": the agent saw");

        JsonNode saved = new ObjectMapper().readTree(runDir.resolve(ExplainCommand.EXPLANATIONS).toFile());
        assertThat(saved.get("decisions")).isEqualTo(list);
        assertThat(saved.get("horizon").asInt()).isEqualTo(10);
        // the scenario is named, the timeline covers the episode, each alternative carries its trajectory
        assertThat(saved.at("/scenario/description").asText()).isEqualTo("default-diurnal, 1440 steps (60 s each), "
                + "episode seed 4 (the run's training workload)");
        assertThat(saved.at("/timeline/arrival_rate").size()).isEqualTo(saved.get("steps").asInt());
        assertThat(saved.at("/timeline/ready").size()).isEqualTo(saved.get("steps").asInt());
        assertThat(d.at("/counterfactuals/0/ready").size()).isEqualTo(d.at("/counterfactuals/0/steps").asInt());
        String text = CliTest.runOk("explain", "--run-dir", runDir.toString(), "--top", "1", "--horizon", "5");
        assertThat(text).contains("scenario: default-diurnal, 1440 steps (60 s each), episode seed 1");

        Path map = tmp.resolve("map");
        assertThat(Files.readAllLines(map.resolve("policy-map.csv"))).hasSize(1 + 31 * 15);
        for (String png : new String[] {"policy-map-action.png", "policy-map-max-q.png"}) {
            assertThat(ImageIO.read(map.resolve(png).toFile()).getWidth()).isEqualTo(1000);
        }
    }

    @Test
    void explainsABaselineStepWithItsRule() throws Exception {
        CliTest.Result r = CliTest.run("explain", "--policy", "hpa", "--workload", "flash-crowd", "--steps", "90",
                "--history-steps", "30", "--step", "31", "--step", "40", "--horizon", "10", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        // standard output is the JSON; the scenario is named on standard error
        assertThat(r.err()).contains("scenario: ").contains("90 steps (60 s each), episode seed 1 (synthetic --workload "
                + "flash-crowd, --trace-seed 1)");
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("step").asInt()).isEqualTo(31);
        assertThat(list.get(0).get("rule").asText()).isNotBlank();
        assertThat(list.get(0).get("q_values").size()).isZero();
        assertThat(list.get(0).has("margin")).isFalse();
        String text = CliTest.runOk("explain", "--policy", "threshold", "--workload", "step", "--steps", "60",
                "--history-steps", "10", "--top", "1", "--horizon", "5");
        assertThat(text).contains("because of the rule").contains("Taking");
    }
}
