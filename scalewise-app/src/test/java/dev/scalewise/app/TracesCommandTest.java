package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code traces} entry point, run in-process. */
class TracesCommandTest {
    @TempDir
    Path tmp;

    private static Path sharedTraces() {
        String prop = System.getProperty("scalewise.shared");
        Path p = (prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().getParent().resolve("../shared")).resolve("traces");
        assumeTrue(Files.isDirectory(p), "no shared traces");
        return p;
    }

    @Test
    void infoJsonHasTheCliFields() throws Exception {
        CliTest.Result r = CliTest.run("traces", "info", "worldcup98", "--traces-dir", sharedTraces().toString(), "--json",
                "-");
        assertThat(r.code()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String f : new String[] {"name", "source", "start", "end", "resolution_s", "points", "total_requests",
                "mean_rate", "peak_rate", "peak_to_mean", "gaps"}) {
            assertThat(j.has(f)).as(f).isTrue();
        }
        assertThat(j.get("points").asInt()).isEqualTo(125_310);
        assertThat(j.get("total_requests").asDouble()).isEqualTo(1_352_804_107d, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(j.get("start").asText()).isEqualTo("1998-04-30T21:30:00Z");
    }

    @Test
    void listShowsTheCatalogAndBadInputIsAOneLineError() throws Exception {
        CliTest.Result list = CliTest.run("traces", "list", "--traces-dir", tmp.toString());
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("nasa-http-1995", "missing");
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "offset_s,count\n0,1\n60,-3\n120,4\n");
        CliTest.Result r = CliTest.run("traces", "info", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().trim()).isEqualTo("error: " + bad + ":3: negative count -3");
        CliTest.Result lenient = CliTest.run("traces", "info", bad.toString(), "--lenient", "--json",
                tmp.resolve("i.json").toString());
        assertThat(lenient.code()).isZero();
        assertThat(lenient.out()).contains("1 malformed line(s) skipped");
        assertThat(new ObjectMapper().readTree(tmp.resolve("i.json").toFile()).get("skipped_lines").asInt()).isEqualTo(1);
    }
}
