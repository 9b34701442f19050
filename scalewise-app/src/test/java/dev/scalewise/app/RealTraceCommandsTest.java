package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.workload.TraceCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Commands that take a workload also take a real trace from the catalog (issue: every command takes --trace). */
class RealTraceCommandsTest {
    static String tracesDir;

    @BeforeAll
    static void traces() {
        String shared = System.getProperty("scalewise.shared", "../../shared");
        Path dir = Path.of(shared, "traces");
        Assumptions.assumeTrue(Files.isDirectory(dir), "shared traces not present at " + dir);
        tracesDir = dir.toString();
        Assumptions.assumeTrue(new TraceCatalog(dir).isAvailable(TraceCatalog.entry("azure-llm-conv-2023").orElseThrow()));
    }

    @Test
    void compareRunsOnACatalogTraceWithHistory() throws Exception {
        CliTest.Result r = CliTest.run("compare", "--trace", "azure-llm-conv-2023", "--traces-dir", tracesDir,
                "--history-steps", "20", "--steps", "30", "--seeds", "1", "--policies", "static,threshold", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("trace").asText()).contains("azure-llm-conv-2023");
        assertThat(j.get("steps").asInt()).isEqualTo(30);
        assertThat(j.get("policies").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void simulateRunsOnACatalogTrace() throws Exception {
        CliTest.Result r = CliTest.run("simulate", "--trace", "azure-llm-conv-2023", "--traces-dir", tracesDir,
                "--token-aware", "--slo-ms", "2000", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("steps").asInt()).isEqualTo(59);
        assertThat(j.get("arrived_requests").asDouble()).isGreaterThan(19_000);
    }

    @Test
    void pastTheEndIsAClearError() {
        CliTest.Result r = CliTest.run("compare", "--trace", "azure-llm-conv-2023", "--traces-dir", tracesDir,
                "--steps", "1440");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("past its end");
    }
}
