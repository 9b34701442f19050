package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zero-filled gaps of a trace are mentioned by the commands that run on it, not silently simulated as no demand. */
class TraceNotesTest {

    @Test
    void simulateAndCompareMentionZeroFilledGaps(@TempDir Path tmp) throws Exception {
        StringBuilder csv = new StringBuilder("offset_s,count\n");
        for (int i = 0; i < 400; i++) {
            if (i < 100 || i >= 130) {
                csv.append(i * 60).append(',').append(600 + (i % 7) * 60).append('\n');
            }
        }
        Path trace = tmp.resolve("gappy.csv");
        Files.writeString(trace, csv);
        CliTest.Result sim = CliTest.run("simulate", "--trace", trace.toString(), "--policy", "threshold");
        assertThat(sim.code()).as(sim.err()).isZero();
        assertThat(sim.err()).contains("note: trace 'gappy' has 1 gap(s) of zero demand (missing data or an outage): "
                + "steps 100..130 (30 step(s) without a row, zero-filled)");
        CliTest.Result cmp = CliTest.run("compare", "--trace", trace.toString(), "--policies", "static", "--steps", "200",
                "--history-steps", "100", "--seeds", "1", "--no-charts");
        assertThat(cmp.code()).as(cmp.err()).isZero();
        assertThat(cmp.err()).contains("note: trace 'gappy' has 1 gap(s)");
    }
}
