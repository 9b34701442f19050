package dev.scalewise.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SweepCommandTest {
    private static final String SPEC = """
            name: cli
            fixed: {episodes: 3, workload.steps: 120, workload.periodSteps: 120}
            grid:
              alpha: [0.1, 0.5]
            training_seeds: [1, 2]
            evaluation: {seeds: [5]}
            objective: min cost_usd
            """;

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void killedSweepRestartsWithTheRemainingCellsAndWritesReports(@TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("cli.yaml");
        Files.writeString(spec, SPEC);
        Path dir = tmp.resolve("out");
        StringWriter out = new StringWriter();
        int code = run(out, new StringWriter(), "sweep", "--spec", spec.toString(), "--out", dir.toString(),
                "--workers", "2", "--max-cells", "3");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("ran 3 cells, skipped 0");
        assertThat(Files.list(dir.resolve("cells")).count()).isEqualTo(3);
        out = new StringWriter();
        code = run(out, new StringWriter(), "sweep", "--spec", spec.toString(), "--out", dir.toString(), "--json",
                tmp.resolve("s.json").toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("ran 1 cells, skipped 3").contains("best (min cost_usd)");
        assertThat(dir.resolve("sweep.csv")).exists();
        assertThat(dir.resolve("sweep.md")).exists();
        assertThat(Files.readString(tmp.resolve("s.json"))).contains("\"configurations\"").contains("\"cost_usd\"")
                .contains("\"ci95\"").contains("\"best\"");
    }

    @Test
    void specErrorsFailBeforeAnyWork(@TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("bad.yaml");
        Files.writeString(spec, "grid:\n  alpha: [0.1, 0.5, 1.5]\n  epsilonn: [0.1]\n  gamma: []\n");
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, "sweep", "--spec", spec.toString(), "--out",
                tmp.resolve("o").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("grid.alpha[2]: must be in (0, 1], got 1.5")
                .contains("grid.epsilonn: unknown parameter 'epsilonn'").contains("grid.gamma: empty grid");
        assertThat(tmp.resolve("o")).doesNotExist();
    }
}
