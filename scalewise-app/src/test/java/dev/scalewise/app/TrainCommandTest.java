package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.run.RunDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

    @Test
    void trainsTheSeedAPresetAtATinyBudgetAndWritesARunFolder(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Path json = tmp.resolve("summary-copy.json");
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("train", "--preset", "seed-a", "--episodes", "12", "--seed", "3", "--agent", "sarsa",
                "--checkpoint-every", "5", "--out", run.toString(), "--json", json.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("run folder: " + run);
        for (String f : new String[] {"spec.json", "provenance.json", "steps.csv", "episodes.csv", "summary.json",
            "model.qtable"}) {
            assertThat(run.resolve(f)).exists();
        }
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(summary.get("episodes").asInt()).isEqualTo(12);
        assertThat(summary.get("steps").asInt()).isEqualTo(12 * 200);
        assertThat(summary.get("agent").asText()).isEqualTo("sarsa");
        assertThat(RunDirectory.open(run).loadPolicy().name()).isEqualTo("rl-sarsa");
        assertThat(Files.readAllLines(run.resolve("episodes.csv"))).hasSize(13);
    }

    @Test
    void anUnknownAgentIsRefusedWithAClearMessage(@TempDir Path tmp) {
        CommandLine cl = Main.newCommandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("train", "--agent", "ppo", "--out", tmp.resolve("x").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--agent must be one of");
    }

    @Test
    void aRefusedStartLeavesNoFolderAndABusyFolderIsRefusedInOneLine(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("no-such-trace.csv");
        CliTest.Result r = CliTest.run("train", "--episodes", "2", "--trace", missing.toString(), "--out",
                tmp.resolve("t").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-trace.csv");
        assertThat(tmp.resolve("t")).doesNotExist();

        Path busy = Files.createDirectories(tmp.resolve("busy"));
        try (dev.scalewise.run.RunLock held = dev.scalewise.run.RunLock.acquire(busy)) {
            CliTest.Result b = CliTest.run("train", "--episodes", "2", "--out", busy.toString());
            assertThat(b.code()).isEqualTo(2);
            assertThat(b.err().strip()).doesNotContain("\n").startsWith("error: run folder " + busy + " is in use by pid "
                    + ProcessHandle.current().pid());
        }
        assertThat(busy.resolve("spec.json")).doesNotExist();
    }
}
